/**
 * The registry read model's memory of phrases (modules/registry/search-read-model/body-model.ts): a remembered answer
 * is the answer worked out afresh, it is forgotten on any change, and what is remembered stays
 * bounded however many different phrases are asked.
 */
import { describe, expect, it } from "vitest";
import type { BodyListQuery } from "../../src/domain/contracts/registry";
import type { ReadFilter } from "../../src/domain/policy";
import { normaliseSearch } from "../../src/domain/search";
import { type BodyEntry, BodyModel } from "../../src/server/modules/registry/search-read-model/body-model";

const ALL: ReadFilter[] = [{ type: "subtree", path: "KZ" }];
const WORDS = ["мектеп", "гимназия", "аурухана", "колледж", "кітапхана", "орталық", "театр", "саябақ"];

function entry(
  i: number,
  name = `${WORDS[i % WORDS.length]} №${i} ${WORDS[(i * 7) % WORDS.length]}`,
): BodyEntry {
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  return {
    summary: {
      id,
      kind: "organisation",
      subtype: null,
      names: { kk: name, ru: name, en: name },
      territoryCode: "750000000",
      territoryNames: { kk: "Алматы", ru: "Алматы", en: "Almaty" },
      bin: null,
      active: true,
      basis: ["R13"],
    },
    kind: "organisation",
    subtype: null,
    active: true,
    territoryPath: i % 3 === 1 ? "KZ/750000000" : "KZ/710000000",
    nameKk: name,
    searchText: normaliseSearch(name),
  };
}

const q = (text: string, extra: Partial<BodyListQuery> = {}) =>
  ({ q: text, limit: 5, offset: 0, ...extra }) as BodyListQuery;

describe("the registry read model's memory of phrases", () => {
  it("answers from memory exactly as afresh, on every page and filter", () => {
    const entries = Array.from({ length: 400 }, (_, i) => entry(i));
    const remembering = new BodyModel(entries, 0.6);
    for (const text of ["мектеп", "гимназия саябақ", "мектп", "№1", "колледж орталык", "театр аурухана"]) {
      for (const extra of [{}, { offset: 5 }, { offset: 200 }, { territory: "750000000" }]) {
        const scope = "territory" in extra ? "KZ/750000000" : undefined;
        const fresh = new BodyModel(entries, 0.6).query(q(text, extra), ALL, scope);
        expect(fresh.total, text).toBeGreaterThan(0);
        // First answer works it out, the second comes from memory: both as a model that never saw it.
        expect(remembering.query(q(text, extra), ALL, scope)).toEqual(fresh);
        expect(remembering.query(q(text, extra), ALL, scope)).toEqual(fresh);
        expect(JSON.parse(remembering.queryJson(q(text, extra), ALL, scope))).toEqual(fresh);
      }
    }
  });

  it("forgets on a change: a renamed, added or removed body is seen by the very next search", () => {
    const model = new BodyModel(
      Array.from({ length: 50 }, (_, i) => entry(i)),
      0.6,
    );
    expect(model.query(q("театр"), ALL, undefined).total).toBeGreaterThan(0);
    const before = model.query(q("қарлығаш"), ALL, undefined).total;
    expect(before).toBe(0);
    model.apply([entry(3).summary.id], [entry(3, "Қарлығаш театры")]);
    expect(model.query(q("қарлығаш"), ALL, undefined).items.map((i) => i.id)).toEqual([entry(3).summary.id]);
    model.apply([entry(3).summary.id], []);
    expect(model.query(q("қарлығаш"), ALL, undefined).total).toBe(0);
    model.apply([], [entry(999, "Жаңа қарлығаш")]);
    expect(model.query(q("қарлығаш"), ALL, undefined).total).toBe(1);
  });

  it("keeps at most 256 phrases however many are asked", () => {
    const model = new BodyModel(
      Array.from({ length: 300 }, (_, i) => entry(i)),
      0.6,
    );
    for (let i = 0; i < 1000; i++) model.query(q(`№${i}`), ALL, undefined);
    const memo = (model as unknown as { memo: Map<string, unknown[]> }).memo;
    expect(memo.size).toBeLessThanOrEqual(256);
    expect(memo.size).toBeGreaterThan(100);
    // The most recent phrase is remembered, the first ones long forgotten.
    expect(memo.has(`x${normaliseSearch("№999")}`)).toBe(true);
    expect(memo.has(`x${normaliseSearch("№0")}`)).toBe(false);
  });
});
