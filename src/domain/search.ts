/** Normalisation for typo-tolerant search (pg_trgm over a lower-cased text column). */
export function normaliseSearch(s: string): string {
  return s
    .toLocaleLowerCase("kk")
    .replace(/ё/g, "е")
    .replace(/[«»"'“”„()]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function buildSearchText(parts: Array<string | null | undefined>): string {
  return normaliseSearch(parts.filter(Boolean).join(" "));
}
