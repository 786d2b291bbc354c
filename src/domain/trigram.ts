/**
 * Trigram word similarity with the semantics of PostgreSQL's pg_trgm (`word_similarity`, `<%`), for
 * the embedded registry read model (server/modules/registry/search-read-model/), which must answer as
 * the SQL search does. Pure; no I/O.
 *
 * pg_trgm, as configured here (KEEPONLYALNUM, IGNORECASE, a UTF-8 ctype): a word is a maximal run
 * of letters and digits; each word, lower-cased and padded as "  word ", gives its consecutive
 * three-character trigrams. word_similarity(a, b) is the greatest similarity between the trigram set
 * of `a` and a continuous extent of the ordered trigrams of `b`, found by pg_trgm's own greedy scan
 * (reproduced step by step, so borderline values and ties agree), in single precision.
 * test/integration/registry-index.test.ts compares this with PGlite's pg_trgm on real texts.
 */

/** A word: a maximal run of letters and digits. */
const WORD = /[\p{L}\p{N}]+/gu;
/** A UTF-16 surrogate: the word has characters outside the BMP and is split by code points. */
const SURROGATE = /[\uD800-\uDFFF]/;

/** The trigrams of a text in order (duplicates kept), as pg_trgm's generate_trgm_only makes them. */
export function orderedTrigrams(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    if (!SURROGATE.test(word)) {
      // One UTF-16 unit per character: slice the padded word.
      const padded = `  ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
    } else {
      const padded = [" ", " ", ...word, " "];
      for (let i = 0; i + 2 < padded.length; i++) out.push(padded[i] + padded[i + 1] + padded[i + 2]);
    }
  }
  return out;
}

/** The unique trigrams of a text. */
export function trigramSet(text: string): Set<string> {
  return new Set(orderedTrigrams(text));
}

const f32 = Math.fround;
const calcSml = (count: number, len1: number, len2: number) => f32(f32(count) / f32(len1 + len2 - count));

/**
 * word_similarity(query, text) — pg_trgm's calc_word_similarity + iterate_word_similarity
 * (non-strict). With `threshold`, stops as soon as the answer is known to reach it (like `<%`).
 */
export function wordSimilarity(
  query: string | Set<string>,
  text: string | string[],
  threshold?: number,
): number {
  const set1 = typeof query === "string" ? trigramSet(query) : query;
  const trg2 = typeof text === "string" ? orderedTrigrams(text) : text;
  const ulen1 = set1.size;
  if (ulen1 === 0 || trg2.length === 0) return 0;
  // Index every distinct trigram of the text; `found` marks those in the query.
  const index = new Map<string, number>();
  const found: boolean[] = [];
  const trg2indexes = new Array<number>(trg2.length);
  for (let i = 0; i < trg2.length; i++) {
    const t = trg2[i];
    let j = index.get(t);
    if (j === undefined) {
      j = found.length;
      index.set(t, j);
      found.push(set1.has(t));
    }
    trg2indexes[i] = j;
  }
  const lastpos = new Array<number>(found.length).fill(-1);
  let ulen2 = 0;
  let count = 0;
  let upper = -1;
  let lower = -1;
  let smlrMax = 0;
  for (let i = 0; i < trg2.length; i++) {
    const trgindex = trg2indexes[i];
    if (lower >= 0 || found[trgindex]) {
      if (lastpos[trgindex] < 0) {
        ulen2++;
        if (found[trgindex]) count++;
      }
      lastpos[trgindex] = i;
    }
    if (!found[trgindex]) continue;
    upper = i;
    if (lower === -1) {
      lower = i;
      ulen2 = 1;
    }
    let smlrCur = calcSml(count, ulen1, ulen2);
    // Also try to move the lower bound for a greater similarity.
    let tmpCount = count;
    let tmpUlen2 = ulen2;
    const prevLower = lower;
    for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
      const smlrTmp = calcSml(tmpCount, ulen1, tmpUlen2);
      if (smlrTmp > smlrCur) {
        smlrCur = smlrTmp;
        ulen2 = tmpUlen2;
        lower = tmpLower;
        count = tmpCount;
      }
      if (threshold !== undefined && smlrCur >= threshold) break;
      const tmpTrgindex = trg2indexes[tmpLower];
      if (lastpos[tmpTrgindex] === tmpLower) {
        tmpUlen2--;
        if (found[tmpTrgindex]) tmpCount--;
      }
    }
    smlrMax = Math.max(smlrMax, smlrCur);
    if (threshold !== undefined && smlrMax >= threshold) break;
    for (let tmpLower = prevLower; tmpLower < lower; tmpLower++) {
      const tmpTrgindex = trg2indexes[tmpLower];
      if (lastpos[tmpTrgindex] === tmpLower) lastpos[tmpTrgindex] = -1;
    }
  }
  return smlrMax;
}

/** similarity(a, b) of pg_trgm: shared trigrams over all trigrams of both, in single precision. */
export function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (big.has(t)) shared++;
  return shared === 0 ? 0 : f32(f32(shared) / f32(a.size + b.size - shared));
}
