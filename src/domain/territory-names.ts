/**
 * One convention for the Russian names of regions, cities and districts (levels 1–2), as the
 * official Russian texts write them; the KATO reference mixes forms ("область Ұлытау", "г.Алматы",
 * "Семей Г.А.", "район Ақсуат"). The import applies it (registry `territories.import.ts`, listed in
 * data/SOURCES.md):
 *
 * - a region is "<adjective> область": the three regions formed in 2022 by their official Russian
 *   names ("Абайская область", "Жетысуская область", "Улытауская область");
 * - a city is "г. <name>" with a space: cities of republican significance ("г. Астана") and of
 *   regional significance (KATO's "Семей Г.А." — the city's administration — becomes "г. Семей");
 * - a district keeps KATO's word ("Абайский район", "район Алматы"; "район" in lower case);
 * - no Kazakh-only letter in a Russian name (Ә Ғ Қ Ң Ө Ұ Ү Һ І): each is written with its Russian
 *   letter (А Г К Н О У У Х И), as Russian texts transliterate them ("район Аксуат", "г. Конаев").
 */

/** Regions whose official Russian name the reference does not carry yet, by KATO code. */
const REGION_NAMES_RU: Record<string, string> = {
  "100000000": "Абайская область",
  "330000000": "Жетысуская область",
  "620000000": "Улытауская область",
};

const KAZAKH_TO_RUSSIAN: Record<string, string> = {
  Ә: "А",
  ә: "а",
  Ғ: "Г",
  ғ: "г",
  Қ: "К",
  қ: "к",
  Ң: "Н",
  ң: "н",
  Ө: "О",
  ө: "о",
  Ұ: "У",
  ұ: "у",
  Ү: "У",
  ү: "у",
  Һ: "Х",
  һ: "х",
  І: "И",
  і: "и",
};

/** Letters of the Kazakh alphabet that Russian has not. */
export const KAZAKH_ONLY_LETTERS = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

/** A Russian name with the Kazakh-only letters written in Russian ones. */
export function russianLetters(name: string): string {
  return name.replace(/[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/g, (c) => KAZAKH_TO_RUSSIAN[c] ?? c);
}

/** The Russian name of a level-1/2 unit by the convention above. */
export function russianTerritoryName(code: string, type: string, name: string): string {
  const own = REGION_NAMES_RU[code];
  if (own) return own;
  let n = russianLetters(name.trim().replace(/\s+/g, " ")).replace(/^Район /, "район ");
  if (type === "city_republican" || type === "city_regional") {
    n = n
      .replace(/\s+Г\.\s?А\.$/, "")
      .replace(/^г\.\s*/, "")
      .trim();
    return `г. ${n}`;
  }
  return n;
}
