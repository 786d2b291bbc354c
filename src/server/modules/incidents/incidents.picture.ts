/** The national picture of reports (R16) for the ATC and HQs: counts by region, type and status. */
import { and, sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type { IncidentType } from "../../../domain/incidents";
import type { Actor } from "../../../domain/roles";
import type { Database } from "../../platform/db";
import { namesOf } from "../../platform/sql";
import { territoriesByCodes } from "../registry";
import { readScope } from "./incidents.service";
import { incident } from "./incidents.tables";

export async function incidentPicture(database: Database, actor: Actor, since: Date) {
  const region = sql<string>`split_part(${incident.territoryPath}, '/', 2)`;
  const rows = await database.db
    .select({
      region,
      type: incident.type,
      total: sql<number>`count(*)`.mapWith(Number),
      open: sql<number>`count(*) filter (where ${incident.status} not in ('closed', 'handed_over', 'linked'))`.mapWith(
        Number,
      ),
    })
    .from(incident)
    .where(and(readScope(actor), sql`${incident.receivedAt} >= ${since.toISOString()}::timestamptz`))
    .groupBy(region, incident.type);
  const codes = [...new Set(rows.map((r) => r.region).filter(Boolean))];
  const names = new Map(
    (codes.length ? await territoriesByCodes(database.db, codes) : []).map((t) => [t.code, namesOf(t)]),
  );
  const byRegion = new Map<string, { code: string; names: Names; total: number; open: number }>();
  for (const r of rows) {
    const e = byRegion.get(r.region) ?? {
      code: r.region,
      names: names.get(r.region) ?? { kk: r.region, ru: r.region, en: r.region },
      total: 0,
      open: 0,
    };
    e.total += r.total;
    e.open += r.open;
    byRegion.set(r.region, e);
  }
  return {
    since: since.toISOString(),
    regions: [...byRegion.values()].sort((a, b) => b.total - a.total),
    cells: rows.map((r) => ({
      region: r.region,
      type: r.type as IncidentType,
      total: r.total,
      open: r.open,
    })),
  };
}
