/** Normalisation for typo-tolerant search (pg_trgm over a lower-cased text column). */
/**
 * Kazakh letters folded to the Russian ones people type on a Russian keyboard (қ→к, ң→н …), so
 * "каласынын" finds "қаласының". Applied to stored text and queries alike.
 */
const FOLD: Record<string, string> = {
  ә: "а",
  ғ: "г",
  қ: "к",
  ң: "н",
  ө: "о",
  ұ: "у",
  ү: "у",
  һ: "х",
  і: "и",
  ё: "е",
};

export function normaliseSearch(s: string): string {
  return s
    .toLocaleLowerCase("kk")
    .replace(/[әғқңөұүһіё]/g, (c) => FOLD[c])
    .replace(/[«»"'“”„()]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function buildSearchText(parts: Array<string | null | undefined>): string {
  return normaliseSearch(parts.filter(Boolean).join(" "));
}
