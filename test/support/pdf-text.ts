/**
 * The text of a PDF made by pdfkit (our documents), for tests: each object's stream inflated, each
 * font's ToUnicode map read, each content stream's hex strings decoded with the font selected by `Tf`.
 * Enough for pdfkit's output (embedded Type0 fonts, `TJ` arrays); not a general PDF reader.
 */
import { inflateSync } from "node:zlib";

type Obj = { dict: string; stream: Buffer | null };

function objectsOf(pdf: Buffer): Map<string, Obj> {
  const text = pdf.toString("latin1");
  const out = new Map<string, Obj>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const s = body.indexOf("stream");
    if (s < 0) {
      out.set(m[1], { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, s);
    let start = s + "stream".length;
    if (body[start] === "\r") start++;
    if (body[start] === "\n") start++;
    const end = body.lastIndexOf("endstream");
    let raw = Buffer.from(body.slice(start, end), "latin1");
    if (/\/FlateDecode/.test(dict)) {
      try {
        raw = inflateSync(raw);
      } catch {
        raw = inflateSync(raw.subarray(0, raw.length - 1));
      }
    }
    out.set(m[1], { dict, stream: raw });
  }
  return out;
}

const utf16 = (hex: string) => {
  let s = "";
  for (let i = 0; i + 4 <= hex.length; i += 4)
    s += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return s;
};

function cmapOf(src: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of src.match(/beginbfrange([\s\S]*?)endbfrange/g) ?? []) {
    const re = /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g;
    for (let m = re.exec(block); m; m = re.exec(block)) {
      const lo = Number.parseInt(m[1], 16);
      const hi = Number.parseInt(m[2], 16);
      if (m[3].startsWith("[")) {
        // A ligature maps to several code points: "<0066 0069>".
        const items = [...m[3].matchAll(/<([0-9a-fA-F\s]+)>/g)].map((x) => utf16(x[1].replace(/\s/g, "")));
        for (const [i, v] of items.entries()) map.set(lo + i, v);
      } else {
        const base = Number.parseInt(m[3].slice(1, -1), 16);
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCharCode(base + c - lo));
      }
    }
  }
  for (const block of src.match(/beginbfchar([\s\S]*?)endbfchar/g) ?? [])
    for (const m of block.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g))
      map.set(Number.parseInt(m[1], 16), utf16(m[2]));
  return map;
}

/** All text drawn in the document, lines joined by "\n". */
export function pdfText(pdf: Buffer): string {
  const objs = objectsOf(pdf);
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values())
    for (const m of o.dict.matchAll(/\/(F\d+)\s+(\d+) 0 R/g)) {
      const font = objs.get(m[2]);
      const tu = font?.dict.match(/\/ToUnicode\s+(\d+) 0 R/);
      const cmap = tu ? objs.get(tu[1])?.stream : null;
      if (cmap) fonts.set(m[1], cmapOf(cmap.toString("latin1")));
    }
  const lines: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream) continue;
    const src = o.stream.toString("latin1");
    if (!/\bTf\b/.test(src)) continue;
    let font: Map<number, string> | undefined;
    for (const line of src.split("\n")) {
      const tf = line.match(/\/(F\d+)\s+[\d.]+\s+Tf/);
      if (tf) font = fonts.get(tf[1]);
      if (!/T[Jj]\s*$/.test(line) || !font) continue;
      let s = "";
      for (const h of line.matchAll(/<([0-9a-fA-F]+)>/g))
        for (let i = 0; i + 4 <= h[1].length; i += 4)
          s += font.get(Number.parseInt(h[1].slice(i, i + 4), 16)) ?? "";
      lines.push(s);
    }
  }
  return lines.join("\n");
}
