/**
 * Identifiers people type: KATO territory codes, IIN and BIN.
 * Check rules from shared/data/SOURCES.md (the official IIN/BIN check digit).
 */

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** Check digit of a 12-digit IIN/BIN, or null when the number cannot have one. */
export function iinBinCheckDigit(first11: string): number | null {
  if (!/^\d{11}$/.test(first11)) return null;
  const digits = [...first11].map(Number);
  const sum = (w: number[]) => digits.reduce((s, d, i) => s + d * w[i], 0) % 11;
  let c = sum(W1);
  if (c === 10) c = sum(W2);
  return c === 10 ? null : c;
}

/** True when value is 12 digits with a valid check digit (IIN and BIN share the rule). */
export function isValidIinBin(value: string): boolean {
  if (!/^\d{12}$/.test(value)) return false;
  const c = iinBinCheckDigit(value.slice(0, 11));
  return c !== null && c === Number(value[11]);
}

/**
 * BIN: the 5th digit is the legal-entity kind (4 resident legal entity, 5 non-resident,
 * 6 individual entrepreneur in joint venture); IIN-style numbers have 0–3 there.
 */
export function isValidBin(value: string): boolean {
  return isValidIinBin(value) && /^[4-6]$/.test(value[4]) && Number(value.slice(2, 4)) <= 12;
}

export const isValidIin = isValidIinBin;

/** Complete 11 digits to a valid 12-digit number, or null if no check digit exists. */
export function completeIinBin(first11: string): string | null {
  const c = iinBinCheckDigit(first11);
  return c === null ? null : `${first11}${c}`;
}

/**
 * KATO code: 9 digits AB CD EF HHH. Structure rules: AB is a known top-level code;
 * a lower part may be non-zero only if the parts above it are set (a settlement
 * belongs to an okrug/akimat or directly to a district, which belongs to a region).
 */
export const KATO_TOP_LEVEL = [
  "10",
  "11",
  "15",
  "19",
  "23",
  "27",
  "31",
  "33",
  "35",
  "39",
  "43",
  "47",
  "55",
  "59",
  "61",
  "62",
  "63",
  "71",
  "75",
  "79",
] as const;

export type KatoParts = { ab: string; cd: string; ef: string; hhh: string };

export function katoParts(code: string): KatoParts | null {
  if (!/^\d{9}$/.test(code)) return null;
  return { ab: code.slice(0, 2), cd: code.slice(2, 4), ef: code.slice(4, 6), hhh: code.slice(6, 9) };
}

export function isValidKato(code: string): boolean {
  const p = katoParts(code);
  if (!p) return false;
  if (!(KATO_TOP_LEVEL as readonly string[]).includes(p.ab)) return false;
  if (p.cd === "00" && (p.ef !== "00" || p.hhh !== "000")) return false;
  return true;
}

/** Level implied by the code's structure: 1 region, 2 district, 3 okrug, 4 settlement. */
export function katoLevel(code: string): 1 | 2 | 3 | 4 | null {
  const p = katoParts(code);
  if (!p || !isValidKato(code)) return null;
  if (p.cd === "00") return 1;
  if (p.ef === "00" && p.hhh === "000") return 2;
  if (p.hhh === "000") return 3;
  return 4;
}
