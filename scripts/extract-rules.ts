/**
 * Extracts the Kazakh original of paragraphs 1–23 of the Rules (R1–R23 are the paragraph numbers,
 * see shared/docs/rules-map.md) from data/rules-kk-source.txt into data/rules-kk.json.
 * Editorial notes ("Ескерту. …") are kept apart in `notes`. Run: node --import tsx scripts/extract-rules.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const DATA = resolve(import.meta.dirname, "../data");

export type RuleText = { paragraphs: string; textKk: string; notes: string[] };

/**
 * Defects of the text extraction (the source was converted from the official publication), repaired
 * after lines are joined:
 *  - in three places the words of a hyperlink were moved to the end of the line ("әлеуметтік оңалту",
 *    "зиянды өтеу", "заңнамасына"); the repair only restores the order — the words are the same (checked
 *    below) and the order is the one of the Russian text ("социальной реабилитации …, возмещения
 *    морального и материального вреда …"; "в соответствии с законодательством").
 */
export const WORD_ORDER_REPAIRS: readonly { paragraphs: string; from: string; to: string }[] = [
  {
    paragraphs: "2, 20",
    from: "әлеуметтік, терроризм актісінің салдарынан оңалту зардап шеккен",
    to: "әлеуметтік оңалту, терроризм актісінің салдарынан зардап шеккен",
  },
  {
    paragraphs: "2",
    from: "моральдық және материалдық жолымен зиянды өтеу терроризм",
    to: "моральдық және материалдық зиянды өтеу жолымен терроризм",
  },
  {
    paragraphs: "20",
    from: "моральдық және материалдық арқылы жүзеге зиянды өтеу асырылады.",
    to: "моральдық және материалдық зиянды өтеу арқылы жүзеге асырылады.",
  },
  {
    paragraphs: "15",
    from: "Қазақстан Республикасының сәйкес өткізіледі.заңнамасына",
    to: "Қазақстан Республикасының заңнамасына сәйкес өткізіледі.",
  },
];

const words = (s: string) =>
  s
    .split(/[\s.,;:]+/)
    .filter(Boolean)
    .sort()
    .join(" ");
for (const r of WORD_ORDER_REPAIRS) {
  if (words(r.from) !== words(r.to)) throw new Error(`repair changes words: ${r.from}`);
}

/** Latin "i" typed for the Kazakh "і" (U+0456) inside Cyrillic words ("мемлекеттiк" → "мемлекеттік"). */
export function fixLatinI(s: string): string {
  return s.replace(/(?<=[\u0400-\u04FF])i|i(?=[\u0400-\u04FF])/g, "і");
}

export function extractRules(source: string): Record<string, RuleText> {
  const lines = source.split(/\r?\n/);
  // The Rules themselves start at the first chapter heading ("1-тарау").
  const start = lines.findIndex((l) => /^1-тарау\./.test(l));
  if (start < 0) throw new Error("chapter 1 not found");
  type Block = { kind: "para" | "item" | "note" | "heading"; n?: number; text: string };
  const blocks: Block[] = [];
  for (const raw of lines.slice(start)) {
    if (raw.trim() === "") continue;
    const indented = /^\s{4,}/.test(raw);
    const text = raw.replace(/^\s+/, "");
    if (/^\d+-тарау\./.test(raw)) blocks.push({ kind: "heading", text });
    else if (indented) {
      const para = /^(\d{1,2})\.\s/.exec(text);
      if (para) blocks.push({ kind: "para", n: Number(para[1]), text });
      else if (/^Ескерту\./.test(text)) blocks.push({ kind: "note", text });
      else blocks.push({ kind: "item", text });
    } else if (blocks.length) {
      const last = blocks[blocks.length - 1];
      last.text =
        last.text.endsWith(" ") || last.text.endsWith("-") ? last.text + raw : `${last.text} ${raw}`;
    }
  }
  const used = new Set<string>();
  const tidy = (s: string) => {
    let t = fixLatinI(s)
      .replace(/\s+/g, " ")
      .replace(/\s+([.,;:])/g, "$1")
      .trim();
    for (const r of WORD_ORDER_REPAIRS) {
      if (t.includes(r.from)) used.add(r.from);
      t = t.replaceAll(r.from, r.to);
    }
    return t;
  };
  const out: Record<string, RuleText> = {};
  let current: RuleText | null = null;
  for (const b of blocks) {
    if (b.kind === "heading") current = null;
    else if (b.kind === "para" && b.n) {
      current = { paragraphs: String(b.n), textKk: tidy(b.text), notes: [] };
      out[`R${b.n}`] = current;
    } else if (current && b.kind === "item") current.textKk += `\n${tidy(b.text)}`;
    else if (current && b.kind === "note") current.notes.push(tidy(b.text));
  }
  const unused = WORD_ORDER_REPAIRS.filter((r) => !used.has(r.from));
  if (unused.length)
    throw new Error(`repairs not applicable (source changed?): ${unused.map((r) => r.from)}`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const rules = extractRules(readFileSync(join(DATA, "rules-kk-source.txt"), "utf8"));
  writeFileSync(join(DATA, "rules-kk.json"), `${JSON.stringify(rules, null, 2)}\n`);
  console.log(`${Object.keys(rules).length} paragraphs written to data/rules-kk.json`);
}
