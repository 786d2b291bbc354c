/**
 * The Rules' own words (../shared/seed has the Kazakh text of Decree No. 1404): the terms a first reader
 * tripped over must not come back, in the web and server catalogues and in the bodies' seeded names.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { closeReasonReferral, closeReasons, closeReasonsRecorded } from "../../src/domain/incidents";
import { ATC_NAMES, MARINE_HQ_NAMES } from "../../src/domain/naming";

type Tree = { [k: string]: string | Tree };
const langs = ["kk", "ru", "en"] as const;
type Lang = (typeof langs)[number];
const load = (area: string, l: Lang) =>
  JSON.parse(readFileSync(resolve(__dirname, `../../src/${area}/i18n/${l}.json`), "utf8")) as Tree;
const flat = (o: Tree, p = ""): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === "string" ? [[p + k, v] as [string, string]] : flat(v, `${p}${k}.`),
  );
const web = Object.fromEntries(langs.map((l) => [l, Object.fromEntries(flat(load("web", l)))])) as Record<
  Lang,
  Record<string, string>
>;
const server = Object.fromEntries(
  langs.map((l) => [l, Object.fromEntries(flat(load("server", l)))]),
) as Record<Lang, Record<string, string>>;
const all = (l: Lang) => [...Object.entries(web[l]), ...Object.entries(server[l])];
/** Keys whose value matches `re` (the failures a test lists). */
const matching = (l: Lang, re: RegExp) => all(l).filter(([, v]) => re.test(v));
/** A Cyrillic word on its own (\b does not see Cyrillic letters). */
const word = (w: string) => new RegExp(`(^|[^\\p{L}])${w}($|[^\\p{L}])`, "u");

describe("terminology of the Rules", () => {
  it("ATC is the Rules' «Терроризмге қарсы орталық», one abbreviation (ТҚО) in Kazakh", () => {
    expect(matching("kk", /Антитеррорлық/)).toEqual([]);
    expect(matching("kk", word("АТО"))).toEqual([]);
    expect(ATC_NAMES.kk).toContain("Терроризмге қарсы орталығы");
    expect(web.kk["kind.atc"]).toBe("Терроризмге қарсы орталық");
    expect(web.kk["role.atc_coordinator"]).toContain("ТҚО");
  });

  it("KATO is one official abbreviation per language (ӘАОЖ in Kazakh, КАТО in Russian)", () => {
    expect(matching("kk", word("ҚАТО"))).toEqual([]);
    expect(matching("kk", word("КАТО"))).toEqual([]);
    expect(server.kk["validation.invalid_kato"]).toContain("ӘАОЖ");
    expect(web.kk["field.territoryCode"]).toContain("ӘАОЖ");
    expect(matching("ru", word("ҚАТО"))).toEqual([]);
  });

  it("the marine HQ is «теңіздік» / «морской» (R18)", () => {
    expect(MARINE_HQ_NAMES.kk).toMatch(/^Теңіздік жедел штаб/);
    expect(MARINE_HQ_NAMES.ru).toMatch(/^Морской оперативный штаб/);
    expect(web.kk["subtype.marine"]).toBe("Теңіздік");
  });

  it("operation goals say «зиянсыздандыру» and «жарылғыш заттар» (R17); offshore is «құрлықтық қайраң»", () => {
    expect(web.kk["goal.neutralise_terrorists"]).toContain("зиянсыздандыру");
    expect(web.kk["goal.neutralise_explosives"]).toMatch(/жарылғыш заттарды зиянсыздандыру/i);
    // «залалсыздандыру» (decontamination) is right only for the decontamination kit.
    expect(matching("kk", /залалсыздандыру/i).map(([k]) => k)).toEqual([
      "consequences.means.decontamination_kit",
    ]);
    expect(matching("kk", /континенттік/)).toEqual([]);
    expect(web.kk["response.offshore"]).toContain("құрлықтық қайраң");
  });

  it("exercises and drills are the Rules' «оқу-жаттығулар мен жаттықтырулар» (R10.3)", () => {
    expect(web.kk["exerciseKind.drill"]).toBe("Жаттықтыру");
    expect(web.kk["measureSubtype.exercises_and_drills"]).toMatch(/оқу-жаттығулар мен жаттықтырулар/i);
    // «жаттығу» alone (a sports exercise) never names a drill: only as part of «оқу-жаттығу».
    expect(matching("kk", /(?<!оқу-)жаттығу/i)).toEqual([]);
  });

  it("vulnerable objects always carry the legal qualifier", () => {
    const kk = matching("kk", /осал объект/i).filter(([, v]) => !/террористік тұрғыдан осал объект/i.test(v));
    const ru = matching("ru", /уязвим/i).filter(
      ([, v]) => !/уязвим\S* в террористическом отношении/i.test(v),
    );
    const en = matching("en", /vulnerable/i).filter(([, v]) => !/vulnerable to terrorism/i.test(v));
    expect({ kk, ru, en }).toEqual({ kk: [], ru: [], en: [] });
  });

  it("R22's fire units have one noun: «өртке қарсы» / «противопожарные»", () => {
    for (const k of ["subtype.state_fire", "subtype.nonstate_fire", "subtype.specialised_fire"]) {
      expect(web.kk[k]).toContain("өртке қарсы бөлімдер");
      expect(web.ru[k]).toContain("противопожарные подразделения");
    }
  });

  it("report statuses a duty officer cannot misread (no «confirmed», no «accepted»)", () => {
    for (const l of ["kk", "ru"] as const) {
      const labels = Object.entries(web[l]).filter(([k]) =>
        /^(incidentStatus|incidentAction|triageAction)\./.test(k),
      );
      expect(
        labels.filter(([, v]) => /Расталды|Растау|Подтвержд|Подтверд|^Принято$|^Қабылданды$/.test(v)),
      ).toEqual([]);
      const statuses = Object.entries(web[l]).filter(([k]) => k.startsWith("incidentStatus."));
      expect(new Set(statuses.map(([, v]) => v)).size).toBe(statuses.length);
    }
  });

  it("the bell's notices and the report board do not share a word in Kazakh", () => {
    expect(web.kk["notifications.title"]).not.toMatch(/Хабарлама/);
    expect(web.kk["response.board"]).toMatch(/Хабарлама/);
    expect(web.kk["operations.lessons"]).not.toBe("Сабақтар");
    expect(web.kk["field.subtype"]).not.toBe(web.kk["plans.category"]);
    expect(web.ru["forceStatus.released"]).not.toBe("Отпущены");
    expect(web.ru["dashboard.expected"]).not.toBe("Подлежит");
    expect(web.ru["role.organisation_reporter"]).not.toBe("Ответственный организации");
  });

  it("closing a report as knowingly false is the Criminal Code's art. 273, referred to the police", () => {
    expect(closeReasons).not.toContain("false_alarm" as never);
    for (const l of langs) {
      expect(
        Object.keys(web[l])
          .filter((k) => k.startsWith("closeReason."))
          .sort(),
      ).toEqual(closeReasonsRecorded.map((r) => `closeReason.${r}`).sort());
      expect(web[l]["closeReason.knowingly_false_report"]).toContain("273");
    }
    expect(closeReasonReferral("knowingly_false_report")).toEqual({
      to: "police",
      basis: "criminal_code_273",
    });
    expect(closeReasonReferral("no_signs_of_terrorism")).toBeNull();
    expect(closeReasonReferral("duplicate")).toBeNull();
  });

  it("one name per concept across the catalogues (docs/language-review.md)", () => {
    // Threat levels are the decree's «террористік қауіп деңгейі» / «уровень террористической опасности».
    expect(matching("kk", /қатер деңгей/i)).toEqual([]);
    expect(matching("ru", /уров\S* угроз/i)).toEqual([]);
    expect(matching("ru", /Правовая основа/)).toEqual([]);
    // Consequences are «зардаптар» (R2, R17, R20–R22); «салдар» only in «салдарынан» (as a result of).
    expect(matching("kk", /салдар(?!ынан)/i)).toEqual([]);
    // A plan's items are «іс-шаралар» / «мероприятия»; «шаралар» / «меры» are the Rules' categories (R8–R12).
    const planKeys = /^(plans|planXlsx|auditAction\.plan)\./;
    const planRu = Object.entries(web.ru).filter(([k, v]) => planKeys.test(k) && word("мер[аыуе]?").test(v));
    const planKk = Object.entries(web.kk).filter(([k, v]) => planKeys.test(k) && /(?<!іс-)шара/i.test(v));
    expect({ planRu, planKk }).toEqual({ planRu: [], planKk: [] });
    // A threat-level task is confirmed as *received*: never a bare «confirmed».
    for (const l of ["kk", "ru"] as const)
      expect(
        Object.entries(web[l]).filter(
          ([k, v]) => k.startsWith("threatTaskStatus.") && /^(Расталды|Подтверждено)$/.test(v),
        ),
      ).toEqual([]);
    // Legal basis is cited by R-id in every language, not «п. 21» / «21-т.».
    for (const l of ["kk", "ru"] as const) expect(matching(l, /\(п\. \d|\(\d+(\.\d+)?-т\.\)/)).toEqual([]);
    expect(web.kk["common.cancel"]).toBe(web.kk["consequences.plan.cancel"]);
  });

  it("the terms checked here are the Rules' own (Kazakh text of the decree)", () => {
    const rules = readFileSync(resolve(__dirname, "../../data/rules-kk-source.txt"), "utf8").replace(
      /\s+/g,
      " ",
    );
    for (const term of [
      "Терроризмге қарсы орталығы",
      "теңіздік жедел штаб",
      "зиянсыздандыру",
      "Құрлықтық қайраң",
      "оқу-жаттығулар мен жаттықтырулар",
      "террористік тұрғыдан осал объектілер",
      "өртке қарсы",
    ])
      expect(rules).toContain(term);
  });
});
