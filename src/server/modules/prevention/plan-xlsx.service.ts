/**
 * Export a plan's measures to XLSX and import them back. An imported row is validated with
 * the contract of adding a measure (`measureBody`) after its labels are turned into codes and its bodies
 * into ids; rows that pass are added through `addMeasures` — one transaction, audited like addMeasure.
 */
import { eq } from "drizzle-orm";
import type { BodyKind } from "../../../domain/bodies";
import type { Locale, Names } from "../../../domain/contracts/common";
import { type MeasureBody, measureBody, type PlanImportReport } from "../../../domain/contracts/prevention";
import { can } from "../../../domain/policy";
import {
  indicatorKinds,
  type MeasureCategory,
  measureCategories,
  measureSubtypes,
  periodicities,
  propagandaGoals,
} from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { type FieldIssue, issueToField } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { namesOf } from "../../platform/sql";
import { activeBodiesNamed, type BodyRecord, bodiesByIds, bodyById } from "../registry";
import {
  type Cell,
  decodePlanUpload,
  matchCode,
  type PlanColumn,
  planTemplateXlsx,
  planXlsx,
  readPlanSheet,
  type SheetRow,
} from "./plan-xlsx";
import { addMeasures, getPlan, managedPlan } from "./prevention.service";
import { planMeasure } from "./prevention.tables";

type Ctx = Required<RequestContext>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function exportPlanXlsx(database: Database, actor: Actor, id: string, l: Locale) {
  const p = await getPlan(database.db, actor, id);
  const ids = [...new Set(p.measures.flatMap((m) => [...m.coExecutorIds, ...m.partnerIds]))];
  const names = new Map<string, Names>();
  for (const b of await bodiesByIds(database.db, ids)) names.set(b.id, namesOf(b));
  return { year: p.year, content: await planXlsx(p, names, l) };
}

/** The template's example row names the user's own body, so the file imports as it is. */
export async function planImportTemplate(database: Database, actor: Actor, l: Locale) {
  const own = actor.grants[0]?.bodyId;
  const b = own ? await bodyById(database.db, own) : undefined;
  return planTemplateXlsx(l, b ? { bodyId: b.id, bodyNames: namesOf(b) } : null);
}

/* -------------------------------------------------------------------------------------------- import */

type BodyRef = { id: string; kind: string; names: Names };
type Bodies = { byId: Map<string, BodyRef>; byName: Map<string, BodyRef[]> };

/** Entries of a list cell: one per line (or separated by ";"). */
const entries = (c: Cell | undefined) =>
  c === null || c === undefined
    ? []
    : String(c)
        .split(/[\n;]/)
        .map((s) => s.trim())
        .filter(Boolean);

/** Which cells name bodies: the id column when filled, else the name column. */
const BODY_FIELDS = [
  ["responsibleBody", "responsibleBodyId"],
  ["coExecutors", "coExecutorIds"],
  ["partners", "partnerIds"],
] as const;

function bodyRefs(r: SheetRow, field: (typeof BODY_FIELDS)[number]) {
  const ids = entries(r.cells[field[1]]);
  return ids.length ? ids.map((v) => ({ id: v })) : entries(r.cells[field[0]]).map((v) => ({ name: v }));
}

/** The bodies the file refers to, among those the actor may see in the registry (by id, or exact name). */
async function visibleBodies(database: Database, actor: Actor, rows: SheetRow[]): Promise<Bodies> {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const r of rows)
    for (const f of BODY_FIELDS)
      for (const ref of bodyRefs(r, f)) {
        if ("id" in ref && ref.id && UUID.test(ref.id)) ids.add(ref.id.toLowerCase());
        if ("name" in ref && ref.name) names.add(ref.name);
      }
  const out: Bodies = { byId: new Map(), byName: new Map() };
  const found: BodyRecord[] = [
    ...(await bodiesByIds(database.db, [...ids])),
    ...(await activeBodiesNamed(database.db, [...names])),
  ];
  for (const b of found) {
    if (out.byId.has(b.id)) continue;
    if (
      !can(actor, "registry.read", { kind: b.kind as BodyKind, bodyId: b.id, territoryPath: b.territoryPath })
    )
      continue;
    const ref = { id: b.id, kind: b.kind, names: namesOf(b) };
    out.byId.set(b.id, ref);
    // By name only active bodies (a deactivated one keeps its name but is found by its id alone).
    for (const n of new Set([b.nameKk, b.nameRu, b.nameEn].filter(Boolean)))
      if (b.active && names.has(n)) out.byName.set(n, [...(out.byName.get(n) ?? []), ref]);
  }
  return out;
}

type Issue = { field: PlanColumn; code: string; vars?: Record<string, string | number> };

/** A date cell: a real Excel date, its serial number, or text as YYYY-MM-DD or DD.MM.YYYY. */
function dateOf(c: Cell): string | null | undefined {
  if (c === null) return null;
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === "number") {
    if (!Number.isInteger(c) || c < 1 || c > 2_958_465) return undefined;
    return new Date(Math.round((c - 25_569) * 86_400_000)).toISOString().slice(0, 10);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(c)) return c;
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(c);
  return m ? `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}` : undefined;
}

/** Where a contract field's issue is shown: the column it came from. */
function columnOf(path: string): PlanColumn {
  const [head, sub] = path.split(".");
  if (head === "responsibleBodyId") return "responsibleBody";
  if (head === "coExecutorIds") return "coExecutors";
  if (head === "partnerIds") return "partners";
  if (head === "indicators" && (indicatorKinds as readonly string[]).includes(sub)) return sub as PlanColumn;
  return head as PlanColumn;
}

/** One row → a measure for `measureBody`, or the issues that reject it. */
function parseRow(r: SheetRow, bodies: Bodies): { measure?: MeasureBody; issues: Issue[] } {
  const c = r.cells;
  const issues: Issue[] = [];
  const text = (v: Cell | undefined) =>
    v === null || v === undefined ? undefined : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  const notIn = (field: PlanColumn, value: string) =>
    issues.push({ field, code: "not_in_catalogue", vars: { value: value.slice(0, 100) } });

  let category: MeasureCategory | undefined;
  const rawCategory = text(c.category);
  if (rawCategory) {
    category = matchCode(rawCategory, measureCategories, (x) => `measureCategory.${x}`) ?? undefined;
    if (!category) notIn("category", rawCategory);
  }
  let subtype: string | undefined;
  const rawSubtype = text(c.subtype);
  if (rawSubtype && category) {
    const keys = measureSubtypes[category].map((s) => s.key);
    subtype = matchCode(rawSubtype, keys, (x) => `measureSubtype.${x}`) ?? undefined;
    if (!subtype) notIn("subtype", rawSubtype);
  } else if (rawSubtype) subtype = rawSubtype; // the category is wrong already; nothing to match against

  const resolve = (field: (typeof BODY_FIELDS)[number], partner: boolean) =>
    bodyRefs(r, field).map((ref) => {
      const key = ("id" in ref ? ref.id : ref.name).slice(0, 100);
      const hits =
        "id" in ref
          ? [bodies.byId.get(ref.id.toLowerCase())].filter((b): b is BodyRef => !!b)
          : (bodies.byName.get(ref.name) ?? []);
      if (hits.length === 0) issues.push({ field: field[0], code: "unknown_body", vars: { value: key } });
      else if (hits.length > 1)
        issues.push({ field: field[0], code: "ambiguous_body", vars: { value: key } });
      else if (partner && hits[0].kind !== "partner")
        issues.push({ field: field[0], code: "not_a_partner", vars: { value: key } });
      return hits[0]?.id ?? "";
    });
  const [responsibleBodyId, ...extra] = resolve(BODY_FIELDS[0], false);
  if (extra.length) issues.push({ field: "responsibleBody", code: "one_body" });
  const coExecutorIds = resolve(BODY_FIELDS[1], false);
  const partnerIds = resolve(BODY_FIELDS[2], true);

  const deadline = c.deadline === undefined ? null : dateOf(c.deadline);
  if (deadline === undefined) issues.push({ field: "deadline", code: "date_format" });

  let periodicity: string | undefined;
  const rawPeriodicity = text(c.periodicity);
  if (rawPeriodicity) {
    periodicity = matchCode(rawPeriodicity, periodicities, (x) => `periodicity.${x}`) ?? undefined;
    if (!periodicity) notIn("periodicity", rawPeriodicity);
  }

  const indicators: Record<string, unknown> = {};
  for (const k of indicatorKinds) {
    const v = c[k];
    if (v === null || v === undefined) continue;
    indicators[k] = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  }

  const goals: string[] = [];
  for (const g of entries(c.goals)) {
    const code = matchCode(g, propagandaGoals, (x) => `propagandaGoal.${x}`);
    if (code) goals.push(code);
    else notIn("goals", g);
  }

  const parsed = measureBody.safeParse({
    category,
    subtype,
    title: text(c.title) ?? "",
    responsibleBodyId: responsibleBodyId || undefined,
    coExecutorIds,
    partnerIds,
    deadline: deadline ?? null,
    periodicity,
    indicators,
    goals: category === "propaganda" ? [...new Set(goals)] : [],
  });
  const flagged = new Set(issues.map((i) => i.field));
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const f: FieldIssue = issueToField(zi as never);
      const field = columnOf(f.path);
      if (flagged.has(field)) continue;
      flagged.add(field);
      let code = f.code;
      if (field === "deadline" && code === "invalid_format") code = "date_format";
      // A value is there (empty cells are left out), so a type error is a wrong number, not a missing one.
      if (
        (indicatorKinds as readonly string[]).includes(field) &&
        ["invalid_type", "required"].includes(code)
      )
        code = "whole_number";
      issues.push({ field, code, vars: f.vars });
    }
  }
  return parsed.success && !issues.length ? { measure: parsed.data, issues } : { issues };
}

/**
 * Import a file into a plan: only for who may manage it (as addMeasure; an approved plan is amended).
 * Rows are numbered as in the sheet (the header is row 1). `dryRun`: report only, write nothing.
 */
export async function importPlanXlsx(
  database: Database,
  ctx: Ctx,
  planId: string,
  input: { contentBase64: string },
  dryRun: boolean,
): Promise<PlanImportReport> {
  await managedPlan(database.db, ctx.user.actor, planId);
  const buf = decodePlanUpload(input.contentBase64);
  const rows = await readPlanSheet(buf, ctx.locale);
  const bodies = await visibleBodies(database, ctx.user.actor, rows);
  const good: MeasureBody[] = [];
  const rejected: PlanImportReport["rejected"] = [];
  // A measure the plan already has (or an earlier row of the file) is not added twice: same
  // category, sub-type, title, responsible body and deadline.
  const keyOf = (m: Pick<MeasureBody, "category" | "subtype" | "title" | "responsibleBodyId" | "deadline">) =>
    [
      m.category,
      m.subtype,
      m.title.trim().toLocaleLowerCase("kk"),
      m.responsibleBodyId,
      m.deadline ?? "",
    ].join("\u0000");
  const seen = new Set(
    (
      await database.db
        .select({
          category: planMeasure.category,
          subtype: planMeasure.subtype,
          title: planMeasure.title,
          responsibleBodyId: planMeasure.responsibleBodyId,
          deadline: planMeasure.deadline,
        })
        .from(planMeasure)
        .where(eq(planMeasure.planId, planId))
    ).map((m) => keyOf(m as never)),
  );
  for (const r of rows) {
    const parsed = parseRow(r, bodies);
    const { issues } = parsed;
    let measure = parsed.measure;
    if (measure && seen.has(keyOf(measure))) {
      issues.push({
        field: "title",
        code: "duplicate_measure",
        vars: { value: measure.title.slice(0, 100) },
      });
      measure = undefined;
    }
    if (measure) {
      seen.add(keyOf(measure));
      good.push(measure);
    }
    for (const i of issues)
      rejected.push({
        row: r.row,
        field: i.field,
        code: i.code,
        message: t(ctx.locale, `validation.${i.code}`, i.vars),
      });
  }
  const imported = dryRun || !good.length ? good.length : await addMeasures(database, ctx, planId, good);
  return { dryRun, total: rows.length, imported, rejected };
}
