/** The kk, ru and en catalogues stay in step, and every enum the UI labels has a label in each. */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { auditActions, auditOutcomes } from "../../src/domain/audit";
import {
  bodyKinds,
  hqLevels,
  membershipRoles,
  partnerTypes,
  readinessLevels,
  responseForceTypes,
  stateBodyLevels,
} from "../../src/domain/bodies";
import { closeReasons, incidentStatuses, incidentTypes, triageActions } from "../../src/domain/incidents";
import { forceStatuses, logEntryTypes, operationGoals } from "../../src/domain/operations";
import {
  assignmentActions,
  assignmentStatuses,
  audienceGroups,
  exerciseKinds,
  exerciseSettings,
  exerciseStatuses,
  measureCategories,
  measureOutcomes,
  measureSubtypes,
  meetingStatuses,
  notificationKinds,
  propagandaGoals,
  reportingStates,
} from "../../src/domain/prevention";
import { roles } from "../../src/domain/roles";
import { ruleIds } from "../../src/domain/rules";
import { territoryTypes } from "../../src/domain/territory";
import {
  DEFAULT_THREAT_MEASURES,
  taskStatuses,
  closeReasons as threatCloseReasons,
} from "../../src/domain/threat-level-measures";
import { declarationActions, declarationStatuses, threatLevels } from "../../src/domain/threat-levels";

const ROOT = resolve(import.meta.dirname, "../..");
const load = (p: string) => JSON.parse(readFileSync(resolve(ROOT, p), "utf8"));

function flatten(o: Record<string, unknown>, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v && typeof v === "object")
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}

for (const dir of ["src/web/i18n", "src/server/i18n"]) {
  describe(`${dir} catalogues`, () => {
    const [kk, ru, en] = ["kk", "ru", "en"].map((l) => flatten(load(`${dir}/${l}.json`)));
    it("have the same keys in kk, ru and en", () => {
      expect(Object.keys(ru).sort()).toEqual(Object.keys(kk).sort());
      expect(Object.keys(en).sort()).toEqual(Object.keys(kk).sort());
    });
    it("have no empty strings and the same {{placeholders}} in each language", () => {
      for (const k of Object.keys(kk)) {
        const ph = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
        for (const [lang, cat] of Object.entries({ kk, ru, en }))
          expect(cat[k].trim(), `${lang}:${k}`).not.toBe("");
        expect(ph(ru[k]), k).toEqual(ph(kk[k]));
        expect(ph(en[k]), k).toEqual(ph(kk[k]));
      }
    });
  });
}

describe("web labels for every domain enum", () => {
  const kk = flatten(load("src/web/i18n/kk.json"));
  const need: [string, readonly string[]][] = [
    ["kind", bodyKinds],
    ["subtype", [...hqLevels, ...stateBodyLevels, ...partnerTypes, ...responseForceTypes]],
    ["membershipRole", membershipRoles],
    ["territoryType", territoryTypes],
    ["role", roles],
    ["readiness", readinessLevels],
    ["auditAction", auditActions],
    ["outcome", auditOutcomes],
    ["incidentType", incidentTypes],
    ["incidentStatus", incidentStatuses],
    ["closeReason", closeReasons],
    ["triageAction", triageActions],
    ["goal", operationGoals],
    ["forceStatus", forceStatuses],
    ["logEntryType", logEntryTypes],
    ["measureCategory", measureCategories],
    ["measureSubtype", Object.values(measureSubtypes).flatMap((x) => x.map((s) => s.key))],
    ["propagandaGoal", propagandaGoals],
    ["assignmentStatus", assignmentStatuses],
    ["assignmentAction", assignmentActions],
    ["meetingStatus", meetingStatuses],
    ["exerciseKind", exerciseKinds],
    ["exerciseSetting", exerciseSettings],
    ["audienceGroup", audienceGroups],
    ["exerciseStatus", exerciseStatuses],
    ["reportingState", reportingStates],
    ["measureOutcome", [...measureOutcomes, "missing"]],
    ["notificationKind", notificationKinds],
    ["assignmentEvent", [...assignmentActions, "assign", "overdue", "escalate"]],
    ["threatLevel", threatLevels],
    ["threatAction", declarationActions],
    ["threatStatus", declarationStatuses],
    ["threatMeasure", DEFAULT_THREAT_MEASURES.map((m) => m.key)],
    ["threatTaskStatus", taskStatuses],
    ["threatTaskClosed", threatCloseReasons],
  ];
  it.each(need)("%s", (prefix, values) => {
    for (const v of values) expect(kk[`${prefix}.${v}`], `${prefix}.${v}`).toBeTruthy();
  });
  it("titles R1–R23", () => {
    for (const id of ruleIds) expect(kk[`rules.${id}.title`], id).toBeTruthy();
  });
  it("every server error code used in the code has a message in kk, ru and en", () => {
    // The codes are read from the source (new AppError(status, "code") and the errors.ts helpers),
    // so a new code without its messages fails here.
    const files = readdirSync(resolve(ROOT, "src/server"), { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts"),
    );
    const codes = new Set<string>();
    for (const f of files) {
      const text = readFileSync(resolve(ROOT, "src/server", f), "utf8");
      for (const m of text.matchAll(/new AppError\(\s*\d{3},\s*"([a-z_]+)"/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(15);
    for (const lang of ["kk", "ru", "en"]) {
      const server = flatten(load(`src/server/i18n/${lang}.json`));
      for (const code of codes) expect(server[`errors.${code}`], `${lang}: errors.${code}`).toBeTruthy();
    }
  });
});
