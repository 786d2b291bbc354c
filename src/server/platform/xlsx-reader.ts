/**
 * Reading an uploaded XLSX workbook as a stream. The parts are inflated by
 * `SafeZip` (platform/uploads.ts) under its byte budget and parsed by `sax` as they come out: the
 * workbook's first sheet is handed over row by row, so a caller that stops at its row limit stops the
 * inflating too, and nothing but the shared strings (bounded below) and the current row is held.
 * exceljs is not used for uploads: it unpacks every part whole, trusting nothing but its own memory
 * (see docs/plan-xlsx.md); it still writes the exports.
 *
 * Values follow exceljs's reading, so an import reads what it read before: shared, inline and formula
 * strings as text (rich text joined, phonetic runs left out, `_xHHHH_` escapes decoded), numbers, a
 * number whose cell style has a date format as a Date (1900 or 1904 system), booleans, errors as null.
 * Any DTD is refused (no entity of any kind is expanded beyond XML's five), and the parser's own
 * buffers stay under 64 KiB (sax's MAX_BUFFER_LENGTH; position tracking must stay on for that check).
 */
import sax from "sax";
import { type SafeZip, UploadError } from "./uploads";

export type SheetValue = string | number | boolean | Date | null;

export type XlsxLimits = {
  /** Distinct shared strings kept (a plan of 2,000 rows uses at most ~40,000). */
  maxSharedStrings: number;
  /** Characters of one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
  /** Cell formats (Excel allows about 64,000). */
  maxStyles: number;
};

export const defaultXlsxLimits: XlsxLimits = {
  maxSharedStrings: 200_000,
  maxCellChars: 32_767,
  maxStyles: 65_536,
};

type Handlers = {
  open?: (name: string, attrs: Record<string, string>) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

/** The local part of a (possibly prefixed) XML name: "x:row" → "row". */
const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** Parse one part as it is inflated; a handler may throw to stop (the inflater is stopped too). */
async function parsePart(zip: SafeZip, name: string, h: Handlers): Promise<void> {
  const parser = sax.parser(true, { trim: false, normalize: false, xmlns: false, position: true });
  parser.onerror = (e) => {
    throw new UploadError("malformed", `${name}: ${e.message.split("\n")[0]}`);
  };
  parser.ondoctype = () => {
    throw new UploadError("malformed", `${name}: a DTD`);
  };
  if (h.open) {
    const open = h.open;
    parser.onopentag = (tag) => open(local(tag.name), tag.attributes as Record<string, string>);
  }
  if (h.text) {
    parser.ontext = h.text;
    parser.oncdata = h.text;
  }
  if (h.close) {
    const close = h.close;
    parser.onclosetag = (tag) => close(local(tag));
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new UploadError("malformed", `${name}: not UTF-8`);
    }
  };
  for await (const chunk of zip.read(name)) parser.write(decode(chunk));
  parser.write(decode());
  parser.close();
}

/** Targets of a relationships part, by relationship type (the part after the last "/"). */
async function relationships(zip: SafeZip, part: string) {
  const dir = part.slice(0, part.lastIndexOf("/") + 1).replace(/_rels\/$/, "");
  const out: { id: string; type: string; target: string }[] = [];
  if (!zip.has(part)) return out;
  await parsePart(zip, part, {
    open: (name, a) => {
      if (name !== "Relationship" || !a.Target || a.TargetMode === "External") return;
      out.push({
        id: a.Id ?? "",
        type: (a.Type ?? "").split("/").pop() ?? "",
        target: resolve(dir, a.Target),
      });
    },
  });
  return out;
}

/** A relationship's target as an entry name: relative to the part's folder, or absolute. */
function resolve(dir: string, target: string): string {
  const parts = (target.startsWith("/") ? target.slice(1) : dir + target).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return out.join("/");
}

/** `_xHHHH_` escapes of OOXML strings (as exceljs decodes them). */
const unescapeOoxml = (s: string) =>
  s.includes("_x")
    ? s.replace(/_x([0-9A-F]{4})_/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)))
    : s;

/** exceljs's built-in number formats that are dates or times (ids 14–22, 45–47). */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs's test of a format code: date letters outside quotes and brackets. */
const isDateFormat = (code: string) =>
  /[ymdhMsb]+/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));

const excelToDate = (v: number, date1904: boolean) =>
  new Date(Math.round((v - 25_569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** "B12" → 2; null when there is no column part. */
function columnOf(ref: string): number | null {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i === 0 ? null : n;
}

const MAX_COLUMN = 16_384;
const MAX_ROW = 1_048_576;

/**
 * The rows of the workbook's first sheet, in order: `onRow(rowNumber, cells)` with the row's cells by
 * column number (1 = A), empty cells left out. `onRow` may throw to stop reading (say, at a row limit).
 * `UploadError` when the file is not a workbook (`malformed`) or passes a limit (`too_big`).
 */
export async function readFirstSheet(
  zip: SafeZip,
  onRow: (row: number, cells: Map<number, SheetValue>) => void,
  limits: XlsxLimits = defaultXlsxLimits,
): Promise<void> {
  const tooLong = (what: string) => new UploadError("too_big", `${what} longer than ${limits.maxCellChars}`);

  // The workbook part, its first sheet, shared strings and styles, through the relationships.
  const root = await relationships(zip, "_rels/.rels");
  const workbook = root.find((r) => r.type === "officeDocument")?.target ?? "xl/workbook.xml";
  if (!zip.has(workbook)) throw new UploadError("malformed", "no workbook");
  const dir = workbook.slice(0, workbook.lastIndexOf("/") + 1);
  const rels = await relationships(zip, `${dir}_rels/${workbook.slice(dir.length)}.rels`);
  let firstSheet = null as string | null;
  let date1904 = false;
  await parsePart(zip, workbook, {
    open: (name, a) => {
      if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
      if (name === "sheet" && firstSheet === null) {
        const id = Object.entries(a).find(([k]) => k === "id" || k.endsWith(":id"))?.[1] ?? "";
        firstSheet = rels.find((r) => r.id === id)?.target ?? "";
      }
    },
  });
  const sheet = firstSheet ?? "";
  if (!sheet || !zip.has(sheet)) throw new UploadError("malformed", "no first sheet");
  const sstPart = rels.find((r) => r.type === "sharedStrings")?.target ?? `${dir}sharedStrings.xml`;
  const stylesPart = rels.find((r) => r.type === "styles")?.target ?? `${dir}styles.xml`;

  // Styles: which cell formats (`s` of a cell) show a number as a date.
  const dateStyles = new Set<number>();
  if (zip.has(stylesPart)) {
    const formats = new Map<number, string>();
    const xfs: number[] = [];
    let inCellXfs = false;
    await parsePart(zip, stylesPart, {
      open: (name, a) => {
        if (name === "numFmt") formats.set(Number(a.numFmtId), a.formatCode ?? "");
        else if (name === "cellXfs") inCellXfs = true;
        else if (name === "xf" && inCellXfs) {
          if (xfs.length >= limits.maxStyles) throw new UploadError("too_big", "too many cell formats");
          xfs.push(Number(a.numFmtId ?? 0));
        }
      },
      close: (name) => {
        if (name === "cellXfs") inCellXfs = false;
      },
    });
    xfs.forEach((id, i) => {
      if (!id) return;
      const custom = formats.get(id);
      if (custom !== undefined ? isDateFormat(custom) : BUILT_IN_DATE_FORMATS.has(id)) dateStyles.add(i);
    });
  }

  // Shared strings: each <si>'s text runs joined, phonetic runs (<rPh>) left out.
  const strings: string[] = [];
  if (zip.has(sstPart)) {
    let inSi = false;
    let inT = false;
    let phonetic = 0;
    let text = "";
    await parsePart(zip, sstPart, {
      open: (name) => {
        if (name === "si") {
          if (strings.length >= limits.maxSharedStrings)
            throw new UploadError("too_big", `more than ${limits.maxSharedStrings} shared strings`);
          inSi = true;
          text = "";
        } else if (name === "rPh") phonetic++;
        else if (name === "t" && inSi && !phonetic) inT = true;
      },
      text: (t) => {
        if (!inT) return;
        if (text.length + t.length > limits.maxCellChars * 6) throw tooLong("a shared string");
        text += t;
      },
      close: (name) => {
        if (name === "t") inT = false;
        else if (name === "rPh") phonetic--;
        else if (name === "si") {
          const s = unescapeOoxml(text);
          if (s.length > limits.maxCellChars) throw tooLong("a shared string");
          strings.push(s);
          inSi = false;
          text = "";
        }
      },
    });
  }

  // The sheet, row by row.
  let rowNumber = 0;
  let cells = new Map<number, SheetValue>();
  let inRow = false;
  let column = 0;
  let type = "";
  let style = -1;
  let value: string | null = null;
  let inline: string | null = null;
  let collecting: "v" | "t" | null = null;
  let inInline = false;
  let phonetic = 0;
  let formula = false;
  const endRow = () => {
    if (!inRow) return;
    inRow = false;
    const row = cells;
    cells = new Map();
    onRow(rowNumber, row);
  };
  await parsePart(zip, sheet, {
    open: (name, a) => {
      switch (name) {
        case "row": {
          endRow();
          const r = a.r === undefined ? rowNumber + 1 : Number(a.r);
          if (!Number.isInteger(r) || r <= rowNumber || r > MAX_ROW)
            throw new UploadError("malformed", `row ${String(a.r).slice(0, 20)}`);
          rowNumber = r;
          inRow = true;
          column = 0;
          break;
        }
        case "c": {
          if (!inRow) throw new UploadError("malformed", "a cell outside a row");
          const c = a.r === undefined ? column + 1 : columnOf(a.r);
          if (c === null || c < 1 || c > MAX_COLUMN)
            throw new UploadError("malformed", `cell ${String(a.r).slice(0, 20)}`);
          column = c;
          type = a.t ?? "n";
          style = a.s === undefined ? -1 : Number(a.s);
          value = null;
          inline = null;
          formula = false;
          break;
        }
        case "v":
          collecting = "v";
          value = value ?? "";
          break;
        case "f":
          formula = true;
          break;
        case "is":
          inInline = true;
          inline = "";
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          if (inInline && !phonetic) collecting = "t";
          break;
      }
    },
    text: (t) => {
      if (collecting === "v") {
        if ((value ?? "").length + t.length > limits.maxCellChars) throw tooLong("a cell");
        value = (value ?? "") + t;
      } else if (collecting === "t") {
        if ((inline ?? "").length + t.length > limits.maxCellChars) throw tooLong("a cell");
        inline = (inline ?? "") + t;
      }
    },
    close: (name) => {
      switch (name) {
        case "v":
        case "t":
          collecting = null;
          break;
        case "is":
          inInline = false;
          break;
        case "rPh":
          phonetic--;
          break;
        case "c": {
          const v = cellValue(type, value, inline, formula, dateStyles.has(style), date1904, strings);
          if (v !== null) cells.set(column, v);
          break;
        }
        case "row":
          endRow();
          break;
      }
    },
  });
  endRow();
}

/** A cell's value as exceljs reads it (see the file's comment). */
function cellValue(
  type: string,
  v: string | null,
  inline: string | null,
  formula: boolean,
  isDate: boolean,
  date1904: boolean,
  strings: string[],
): SheetValue {
  if (type === "inlineStr" && !formula) return inline === null ? null : unescapeOoxml(inline);
  if (v === null) return null;
  switch (type) {
    case "s": {
      if (formula) break;
      const i = Number.parseInt(v, 10);
      if (!(i >= 0 && i < strings.length))
        throw new UploadError("malformed", `shared string ${v.slice(0, 20)}`);
      return strings[i];
    }
    case "str":
      return v;
    case "b":
      return Number.parseInt(v, 10) !== 0;
    case "e":
      return null;
    case "d": {
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? null : d;
    }
  }
  const n = Number.parseFloat(v);
  if (!Number.isFinite(n)) return null;
  return isDate ? excelToDate(n, date1904) : n;
}
