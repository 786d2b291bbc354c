/** The Kazakh original of R1–R23 shipped in data/rules-kk.json matches the source text. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { extractRules } from "../../scripts/extract-rules";
import { ruleIds } from "../../src/domain/rules";

const DATA = resolve(import.meta.dirname, "../../data");
const shipped = JSON.parse(readFileSync(resolve(DATA, "rules-kk.json"), "utf8"));

describe("rules-kk.json", () => {
  it("has every paragraph R1–R23 with its text", () => {
    expect(Object.keys(shipped).sort()).toEqual([...ruleIds].sort());
    for (const id of ruleIds) {
      expect(shipped[id].paragraphs).toBe(id.slice(1));
      expect(shipped[id].textKk.startsWith(`${id.slice(1)}. `)).toBe(true);
      expect(shipped[id].textKk).not.toMatch(/Ескерту\./);
    }
  });

  it("holds the right text for R18 (operational HQs) and R22 (forces)", () => {
    expect(shipped.R18.textKk).toMatch(/жедел штабтар/);
    expect(shipped.R22.textKk).toMatch(/ерікті құтқару құралымдары/);
    expect(shipped.R10.textKk.split("\n")).toHaveLength(7);
  });

  it("repairs the extraction defects: word order restored, Latin i replaced by the Kazakh і", () => {
    expect(shipped.R15.textKk).toMatch(/Қазақстан Республикасының заңнамасына сәйкес өткізіледі\.$/);
    expect(shipped.R2.textKk).toMatch(/әлеуметтік оңалту, терроризм актісінің салдарынан зардап шеккен/);
    expect(shipped.R2.textKk).toMatch(/материалдық зиянды өтеу жолымен терроризм зардаптарын/);
    expect(shipped.R20.textKk).toMatch(/материалдық зиянды өтеу арқылы жүзеге асырылады\.$/);
    for (const id of ruleIds) expect(shipped[id].textKk, id).not.toMatch(/[a-zA-Z]/);
  });

  it("is what the extractor produces from the shipped source (regenerate with scripts/extract-rules.ts)", () => {
    expect(extractRules(readFileSync(resolve(DATA, "rules-kk-source.txt"), "utf8"))).toEqual(shipped);
  });
});
