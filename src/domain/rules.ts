/**
 * The Rules (Government Decree No. 1404 of 22.12.2010, edition of 16.06.2025), paragraph ids
 * R1–R23 as in shared/docs/rules-map.md. Titles are i18n keys `rules.R<n>.title`; the Kazakh
 * original of each paragraph ships in data/rules-kk.json.
 */
export const ruleIds = [
  "R1",
  "R2",
  "R3",
  "R4",
  "R5",
  "R6",
  "R7",
  "R8",
  "R9",
  "R10",
  "R11",
  "R12",
  "R13",
  "R14",
  "R15",
  "R16",
  "R17",
  "R18",
  "R19",
  "R20",
  "R21",
  "R22",
  "R23",
] as const;
export type RuleId = (typeof ruleIds)[number];

/** A reference to a paragraph or one of its sub-items: "R10", "R10.2", "R3b". */
export type RuleRef = RuleId | `${RuleId}.${number}`;

export const chapters = [
  { n: 1, key: "general", rules: ["R1", "R2", "R3", "R4", "R5"] },
  { n: 2, key: "prevention", rules: ["R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13"] },
  { n: 3, key: "response", rules: ["R14", "R15", "R16", "R17", "R18", "R19"] },
  { n: 4, key: "consequences", rules: ["R20", "R21", "R22", "R23"] },
] as const satisfies readonly { n: number; key: string; rules: readonly RuleId[] }[];

export function chapterOf(id: RuleId): number {
  return chapters.find((c) => (c.rules as readonly string[]).includes(id))!.n;
}
