/**
 * The compliance dashboard of vulnerable objects (R10.5), district → region → national: per unit below
 * the chosen territory, the share of objects with a valid passport, open equipment gaps, overdue orders
 * of inspections, and the target programmes' execution; drill-down by territory and XLSX. Reads the
 * object's own row (its passport copy) and sums; the reader sees only its scope.
 */
import { and, sql } from "drizzle-orm";
import type { Locale } from "../../../domain/contracts/common";
import { almatyDate } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { ROOT_TERRITORY } from "../../../domain/territory";
import { canReadProgrammeIn, objectReadScope } from "../../../domain/vulnerable-objects";
import type { DbOrTx } from "../../platform/db";
import { label, loadExcel, nameIn } from "../../platform/documents";
import { notFound } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { overdueBySourceUnder } from "../prevention";
import { territoriesByCodes, territoryByCode } from "../registry";
import { untilObjectsChange } from "./cache-until-objects-change";
import { objectScopeSql, subtreeOf } from "./objects.scope";
import { passportStateSql } from "./objects.service";
import { objectProgrammeItem, vulnerableObject } from "./vulnerable-objects.tables";

const childOf = (column: unknown, path: string) =>
  sql<string>`coalesce(nullif(split_part(substr(${column}, ${path.length + 2}), '/', 1), ''), ${path.split("/").at(-1)!})`;

type Counts = {
  objects: number;
  validPassports: number;
  openGaps: number;
  overdueOrders: number;
  programmePlanned: number;
  programmeSpent: number;
  itemsPlanned: number;
  itemsDone: number;
};
const zero = (): Counts => ({
  objects: 0,
  validPassports: 0,
  openGaps: 0,
  overdueOrders: 0,
  programmePlanned: 0,
  programmeSpent: 0,
  itemsPlanned: 0,
  itemsDone: 0,
});

/** The territory the dashboard opens at: the one asked for, or the reader's widest scope. */
async function startTerritory(db: DbOrTx, actor: Actor, code?: string) {
  if (code) {
    const t = await territoryByCode(db, code);
    if (!t || !canReadProgrammeIn(actor, t.path)) throw notFound();
    return t;
  }
  const paths = actor.grants
    .filter((g) => canReadProgrammeIn(actor, g.territoryPath))
    .map((g) => g.territoryPath);
  if (!paths.length) throw notFound();
  const widest = paths.sort((a, b) => a.split("/").length - b.split("/").length)[0];
  const t = await territoryByCode(db, widest.split("/").at(-1) ?? ROOT_TERRITORY);
  if (!t) throw notFound();
  return t;
}

/** The unit below `path` a territory path belongs to (the path's own code for `path` itself). */
export const childCode = (territoryPath: string, path: string) =>
  territoryPath.length > path.length
    ? territoryPath.slice(path.length + 1).split("/")[0]
    : path.split("/").at(-1)!;

/**
 * Objects, valid passports and open gaps per territory path (a few hundred rows for the country), the
 * units below are summed from them; held until an object changes (cache-until-objects-change.ts), keyed
 * by the day (the passport state moves with it) and the reader's scope.
 */
function objectCountsUnder(db: DbOrTx, actor: Actor, path: string, today: string) {
  const { ownerBodyIds, paths } = objectReadScope(actor);
  const key = JSON.stringify([path, today, [...paths].sort(), [...ownerBodyIds].sort()]);
  return untilObjectsChange(db, "compliance", key, async () => {
    const state = passportStateSql(today);
    return await db
      .select({
        path: vulnerableObject.territoryPath,
        objects: sql<number>`count(*)`.mapWith(Number),
        valid: sql<number>`count(*) filter (where ${state} in ('valid', 'due'))`.mapWith(Number),
        gaps: sql<number>`coalesce(sum(jsonb_array_length(${vulnerableObject.gaps})), 0)`.mapWith(Number),
      })
      .from(vulnerableObject)
      // At the root every object is in the subtree: the condition is left out (one LIKE per row less).
      .where(
        path.includes("/")
          ? and(subtreeOf(vulnerableObject.territoryPath, path), objectScopeSql(actor))
          : objectScopeSql(actor),
      )
      .groupBy(vulnerableObject.territoryPath);
  });
}

export async function compliance(db: DbOrTx, actor: Actor, q: { territory?: string }) {
  const t = await startTerritory(db, actor, q.territory);
  const today = almatyDate(new Date());
  const objects = await objectCountsUnder(db, actor, t.path, today);
  const programmes = await db
    .select({
      child: childOf(objectProgrammeItem.territoryPath, t.path),
      planned: sql<number>`coalesce(sum(${objectProgrammeItem.planned}), 0)`.mapWith(Number),
      spent: sql<number>`coalesce(sum(${objectProgrammeItem.spent}), 0)`.mapWith(Number),
      items: sql<number>`count(*)`.mapWith(Number),
      done: sql<number>`count(*) filter (where ${objectProgrammeItem.done})`.mapWith(Number),
    })
    .from(objectProgrammeItem)
    .where(subtreeOf(objectProgrammeItem.territoryPath as never, t.path))
    .groupBy(sql`1`);
  const overdue = await overdueBySourceUnder(db, "inspection", t.path, today);

  const by = new Map<string, Counts>();
  const at = (code: string) => {
    const c = by.get(code) ?? zero();
    by.set(code, c);
    return c;
  };
  for (const r of objects) {
    const c = at(childCode(r.path, t.path));
    c.objects += r.objects;
    c.validPassports += r.valid;
    c.openGaps += r.gaps;
  }
  for (const r of programmes)
    Object.assign(at(r.child), {
      programmePlanned: r.planned,
      programmeSpent: r.spent,
      itemsPlanned: r.items,
      itemsDone: r.done,
    });
  for (const [code, n] of overdue) at(code).overdueOrders = n;

  const names = new Map(
    (await territoriesByCodes(db, [t.code, ...by.keys()])).map((x) => [x.code, namesOf(x)]),
  );
  const none = { kk: "", ru: "", en: "" };
  const row = (code: string, c: Counts) => ({
    territory: { code, names: names.get(code) ?? none },
    ...c,
    validShare: c.objects ? c.validPassports / c.objects : null,
  });
  const total = zero();
  for (const c of by.values()) for (const k of Object.keys(total) as (keyof Counts)[]) total[k] += c[k];
  return {
    territory: { code: t.code, names: namesOf(t) },
    total: row(t.code, total),
    rows: [...by.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([code, c]) => row(code, c)),
  };
}

export async function complianceXlsx(data: Awaited<ReturnType<typeof compliance>>, l: Locale) {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const ws = wb.addWorksheet(label(l, "objects.compliance.title").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const cols = [
    "territory",
    "objects",
    "validPassports",
    "validShare",
    "openGaps",
    "overdueOrders",
    "programmePlanned",
    "programmeSpent",
    "itemsPlanned",
    "itemsDone",
  ] as const;
  ws.columns = cols.map((c) => ({
    header: label(l, `objects.compliance.${c}`),
    key: c,
    width: c === "territory" ? 40 : 16,
    style: c === "validShare" ? { numFmt: "0.0%" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of [...data.rows, data.total])
    ws.addRow({ ...r, territory: nameIn(r.territory.names, l), validShare: r.validShare ?? "" });
  ws.lastRow!.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
