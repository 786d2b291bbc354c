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

/** The check-digit rule shared by IIN and BIN: null when it holds, else which part fails. */
function checkDigitProblem(value: string): "no_check_digit" | "check_digit" | null {
  const c = iinBinCheckDigit(value.slice(0, 11));
  if (c === null) return "no_check_digit";
  return c === Number(value[11]) ? null : "check_digit";
}

/** Why a BIN is not valid, one message code per rule, in the order they are checked; null when valid. */
export type BinProblem = "bin_format" | "bin_month" | "bin_kind" | "bin_no_check_digit" | "invalid_bin";

/**
 * BIN (legal entities): 12 digits YY MM K A NNNNN C — year and month of registration (month at most 12),
 * K the legal-entity kind (4 resident legal entity, 5 non-resident, 6 individual entrepreneur in
 * joint venture; an IIN has the first digit of a day, 0–3, there), then the shared check digit C.
 */
export function binProblem(value: string): BinProblem | null {
  if (!/^\d{12}$/.test(value)) return "bin_format";
  if (Number(value.slice(2, 4)) > 12) return "bin_month";
  if (!/^[4-6]$/.test(value[4])) return "bin_kind";
  const c = checkDigitProblem(value);
  return c === null ? null : c === "no_check_digit" ? "bin_no_check_digit" : "invalid_bin";
}

export function isValidBin(value: string): boolean {
  return binProblem(value) === null;
}

/** Why an IIN is not valid, one message code per rule, in the order they are checked; null when valid. */
export type IinProblem = "iin_format" | "iin_century" | "iin_date" | "iin_no_check_digit" | "invalid_iin";

/** The 7th digit of an IIN: century of birth and sex (1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s; odd male). */
export function iinCentury(digit: string): number | null {
  return /^[1-6]$/.test(digit) ? 1800 + Math.floor((Number(digit) - 1) / 2) * 100 : null;
}

/**
 * IIN (people): 12 digits YYMMDD S NNNN C — date of birth, S century and sex (iinCentury), a serial
 * number, and the check digit C: the first 11 digits weighted 1…11, mod 11; when that is 10, weighted
 * 3…11, 1, 2, mod 11; when it is 10 again no check digit exists and the number is not an IIN.
 */
export function iinProblem(value: string): IinProblem | null {
  if (!/^\d{12}$/.test(value)) return "iin_format";
  const century = iinCentury(value[6]);
  if (century === null) return "iin_century";
  const [y, m, d] = [
    century + Number(value.slice(0, 2)),
    Number(value.slice(2, 4)),
    Number(value.slice(4, 6)),
  ];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return "iin_date";
  const c = checkDigitProblem(value);
  return c === null ? null : c === "no_check_digit" ? "iin_no_check_digit" : "invalid_iin";
}

export function isValidIin(value: string): boolean {
  return iinProblem(value) === null;
}

/** Date of birth (YYYY-MM-DD) and sex of a valid IIN, or null. */
export function describeIin(value: string): { birthDate: string; sex: "male" | "female" } | null {
  if (!isValidIin(value)) return null;
  const year = iinCentury(value[6])! + Number(value.slice(0, 2));
  return {
    birthDate: `${year}-${value.slice(2, 4)}-${value.slice(4, 6)}`,
    sex: Number(value[6]) % 2 === 1 ? "male" : "female",
  };
}

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
