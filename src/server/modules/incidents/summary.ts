/**
 * Reads of incident reports for other modules: one report as the reader may see it (to link to it),
 * and the read-only summary of reports in a territory for commissions and akimats (R5, R14) — number,
 * type, status, times and place, never the description, reporter or contacts.
 */
import { and, desc, eq, gte, or, type SQL } from "drizzle-orm";
import { canReadIncident } from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { subtree } from "./incidents.service";
import { incident } from "./incidents.tables";

export type IncidentRef = { id: string; number: string; territoryCode: string; territoryPath: string };

/** The report if the actor may read it (R16, R18), else null. */
export async function readableIncident(db: DbOrTx, actor: Actor, id: string): Promise<IncidentRef | null> {
  const [row] = await db.select().from(incident).where(eq(incident.id, id));
  if (
    !row ||
    !canReadIncident(actor, {
      territoryPath: row.territoryPath,
      hqTerritoryPath: row.hqTerritoryPath,
      reporterBodyId: row.reporterBodyId,
    })
  )
    return null;
  return {
    id: row.id,
    number: row.regNumber,
    territoryCode: row.territoryCode,
    territoryPath: row.territoryPath,
  };
}

export type IncidentOverview = {
  id: string;
  number: string;
  type: string;
  status: string;
  occurredAt: Date;
  receivedAt: Date;
  territoryCode: string;
};

/** Reports received since `since` that happened in one of `paths` (territory subtrees), newest first. */
export async function incidentsWithin(
  db: DbOrTx,
  paths: readonly string[],
  since: Date,
  limit = 100,
): Promise<IncidentOverview[]> {
  if (!paths.length) return [];
  const within: SQL = or(...paths.map((p) => subtree(incident.territoryPath, p)))!;
  const rows = await db
    .select({
      id: incident.id,
      number: incident.regNumber,
      type: incident.type,
      status: incident.status,
      occurredAt: incident.occurredAt,
      receivedAt: incident.receivedAt,
      territoryCode: incident.territoryCode,
    })
    .from(incident)
    .where(and(within, gte(incident.receivedAt, since)))
    .orderBy(desc(incident.receivedAt))
    .limit(limit);
  return rows;
}
