/**
 * The audit chain's canonical JSON (modules/audit/audit.service.ts): the hash of an entry written
 * today must be the hash `qorgan audit verify` recomputes from the stored row, for every value.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash } from "../../src/server/modules/audit/audit.service";

/** The definition, written plainly: what older entries were hashed with. */
function reference(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(reference).join(",")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${reference(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.date({ noInvalidDate: true }),
    fc.array(tie("any"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("any"), { maxKeys: 5 }),
  ),
})).any;

describe("the audit chain's canonical JSON", () => {
  it("is the plain definition, and survives a jsonb round trip unchanged", () => {
    fc.assert(
      fc.property(value, (v) => {
        const c = canonicalJson(v);
        expect(c).toBe(reference(v));
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 3000 },
    );
  });

  it("hashes an entry the same with before/after given as canonical text or as stored values", () => {
    fc.assert(
      fc.property(value, value, fc.string(), (before, after, actor) => {
        const stored = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(canonicalJson(v)));
        const fields = {
          at: new Date("2026-12-01T10:00:00Z"),
          actorId: null,
          actorName: actor,
          action: "incident.reported",
          entityType: "incident",
          entityId: "x",
          territoryPath: "KZ",
          before: stored(before),
          after: stored(after),
          outcome: "success",
          requestId: "r",
          ip: "127.0.0.1",
        };
        const prev = "0".repeat(64);
        expect(
          entryHash(prev, fields, {
            before: canonicalJson(fields.before),
            after: canonicalJson(fields.after),
          }),
        ).toBe(entryHash(prev, fields));
      }),
      { numRuns: 1000 },
    );
  });
});
