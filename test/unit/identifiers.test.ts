/** IIN and BIN rules (identifiers.ts): each rule its own code; properties over generated numbers. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binSchema, iin } from "../../src/domain/contracts/common";
import {
  binProblem,
  describeIin,
  iinBinCheckDigit,
  iinProblem,
  isValidIin,
} from "../../src/domain/identifiers";

/** The rule as the issue states it, written out again independently of identifiers.ts. */
function oracle(v: string): string | null {
  if (v.length !== 12 || [...v].some((c) => c < "0" || c > "9")) return "iin_format";
  const s = Number(v[6]);
  if (s < 1 || s > 6) return "iin_century";
  const year = (s <= 2 ? 1800 : s <= 4 ? 1900 : 2000) + Number(v.slice(0, 2));
  const month = Number(v.slice(2, 4));
  const day = Number(v.slice(4, 6));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > days[month - 1]) return "iin_date";
  const d = [...v].map(Number);
  let c = 0;
  for (let i = 0; i < 11; i++) c += d[i] * (i + 1);
  c %= 11;
  if (c === 10) {
    c = 0;
    for (let i = 0; i < 11; i++) c += d[i] * (((i + 2) % 11) + 1);
    c %= 11;
  }
  if (c === 10) return "iin_no_check_digit";
  return c === d[11] ? null : "invalid_iin";
}

/** The first pass of the check digit: the first 11 digits weighted 1…11, mod 11. */
const firstPass = (v: string) => [...v.slice(0, 11)].reduce((s, x, i) => s + Number(x) * (i + 1), 0) % 11;

const pad = (n: number, w: number) => String(n).padStart(w, "0");

/** A valid IIN: a real date of birth 1800–2099, sex, serial, and its check digit (when one exists). */
const validIin = fc
  .record({
    date: fc.date({
      min: new Date("1800-01-01T00:00:00Z"),
      max: new Date("2099-12-31T00:00:00Z"),
      noInvalidDate: true,
    }),
    female: fc.boolean(),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ date, female, serial }) => {
    const y = date.getUTCFullYear();
    const century = Math.floor(y / 100) - 18; // 0, 1, 2
    const first11 = `${pad(y % 100, 2)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}${
      1 + century * 2 + (female ? 1 : 0)
    }${pad(serial, 4)}`;
    const c = iinBinCheckDigit(first11);
    return c === null ? null : { iin: `${first11}${c}`, date, female };
  })
  .filter((x): x is { iin: string; date: Date; female: boolean } => x !== null);

describe("IIN", () => {
  it("known synthetic examples, each rule with its own code", () => {
    const cases: [string, string | null][] = [
      ["900101300017", null], // male, 1990-01-01
      ["920304400101", null], // female, 1992-03-04; the first pass gives 10, the second 1
      ["000229507779", null], // 2000 is a leap year
      ["90010130001", "iin_format"],
      ["90010130001a", "iin_format"],
      ["9001013000170", "iin_format"],
      ["900101000017", "iin_century"],
      ["900101700017", "iin_century"],
      ["901301300017", "iin_date"], // month 13
      ["900100300017", "iin_date"], // day 0
      ["010229507770", "iin_date"], // 2001-02-29
      ["000229107773", "iin_date"], // 1800 is not a leap year
      ["000229307776", "iin_date"], // nor is 1900
      ["880515300210", "iin_no_check_digit"], // 10 in both passes
      ["900101300018", "invalid_iin"],
    ];
    for (const [v, code] of cases) {
      expect(iinProblem(v), v).toBe(code);
      expect(oracle(v), v).toBe(code);
    }
    expect(describeIin("900101300017")).toEqual({ birthDate: "1990-01-01", sex: "male" });
    expect(describeIin("920304400101")).toEqual({ birthDate: "1992-03-04", sex: "female" });
    expect(describeIin("900101300018")).toBeNull();
  });

  it("a generated valid IIN passes, with its date of birth and sex", () => {
    fc.assert(
      fc.property(validIin, ({ iin: v, date, female }) => {
        expect(iinProblem(v)).toBeNull();
        expect(describeIin(v)).toEqual({
          birthDate: date.toISOString().slice(0, 10),
          sex: female ? "female" : "male",
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("a single changed digit fails, or gives another valid IIN, exactly as the rule says", () => {
    fc.assert(
      fc.property(
        validIin,
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 1, max: 9 }),
        ({ iin: v }, at, delta) => {
          const digit = (Number(v[at]) + delta) % 10;
          const changed = `${v.slice(0, at)}${digit}${v.slice(at + 1)}`;
          const problem = iinProblem(changed);
          expect(problem).toBe(oracle(changed));
          // The check digit is the only one for its 11 digits: changing it always fails.
          if (at === 11) expect(problem).toBe("invalid_iin");
          // Weights 1…10 are not 0 mod 11 (11 is prime): a change in digits 1–10 moves the first pass's
          // sum; when the original's check digit came from the first pass, the changed number can pass
          // only if its first pass gives 10 and its second pass happens to match.
          if (at < 10 && problem === null && firstPass(v) !== 10) expect(firstPass(changed)).toBe(10);
          // Digit 11 weighs 11 ≡ 0 in the first pass: changing it keeps a first-pass check digit valid
          // unless the date or century breaks, which it cannot (digit 11 is in the serial).
          if (at === 10 && firstPass(v) !== 10 && firstPass(changed) !== 10) expect(problem).toBeNull();
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("any string: the same answer as the rule written out, and never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{12}$/)), (v) => {
        expect(iinProblem(v)).toBe(oracle(v));
        expect(isValidIin(v)).toBe(oracle(v) === null);
      }),
      { numRuns: 3000 },
    );
  });

  it("the zod type `iin` answers each rule's code", () => {
    const code = (v: string) => {
      const r = iin.safeParse(v);
      return r.success ? null : (r.error.issues[0] as { params?: { code?: string } }).params?.code;
    };
    expect(code("900101300017")).toBeNull();
    expect(code("900101300018")).toBe("invalid_iin");
    expect(code("900101000017")).toBe("iin_century");
    expect(code("9001013000\u00001")).toBe("text_unstorable");
  });
});

describe("BIN", () => {
  it("each rule its own code", () => {
    const cases: [string, string | null][] = [
      ["180340012346", null],
      ["18034001234", "bin_format"],
      ["123456789012", "bin_month"], // month 34
      ["180320012347", "bin_kind"], // 5th digit 2: an IIN's day, not a kind of legal entity
      ["180340000601", "bin_no_check_digit"],
      ["180340012345", "invalid_bin"],
    ];
    for (const [v, code] of cases) expect(binProblem(v), v).toBe(code);
    const r = binSchema.safeParse("123456789012");
    expect(r.success).toBe(false);
    expect((r.error!.issues[0] as { params?: { code?: string } }).params?.code).toBe("bin_month");
  });
});
