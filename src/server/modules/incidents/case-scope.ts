/**
 * Scoped reads of incidents for the modules that keep records about an incident without seeing its
 * report (consequences, affected people — R20, R21): where and when it happened and which HQ is
 * competent (R18), never the description or the reporter. Reads only; the key for foreign keys.
 */
import { desc, eq, inArray, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { escapeLike } from "../../platform/sql";
import { incident } from "./incidents.tables";

/** Foreign-key target for other modules' tables (`.references(incidentKeys.incident)`): a key, not access. */
export const incidentKeys = { incident: () => incident.id } as const;

export type IncidentCase = {
  id: string;
  regNumber: string;
  type: string;
  status: string;
  occurredAt: Date;
  territoryCode: string;
  territoryPath: string;
  hqBodyId: string;
  hqTerritoryPath: string;
  operationId: string | null;
};

const caseColumns = {
  id: incident.id,
  regNumber: incident.regNumber,
  type: incident.type,
  status: incident.status,
  occurredAt: incident.occurredAt,
  territoryCode: incident.territoryCode,
  territoryPath: incident.territoryPath,
  hqBodyId: incident.hqBodyId,
  hqTerritoryPath: incident.hqTerritoryPath,
  operationId: incident.operationId,
};

export async function incidentCase(db: DbOrTx, id: string): Promise<IncidentCase | undefined> {
  const [row] = await db.select(caseColumns).from(incident).where(eq(incident.id, id));
  return row;
}

export function incidentCases(db: DbOrTx, ids: readonly string[]): Promise<IncidentCase[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select(caseColumns)
    .from(incident)
    .where(inArray(incident.id, [...new Set(ids)]));
}

/** The newest incidents that happened in these subtrees (not merged into another report). */
export function incidentCasesUnder(
  db: DbOrTx,
  paths: readonly string[],
  limit = 100,
): Promise<IncidentCase[]> {
  if (!paths.length) return Promise.resolve([]);
  const within = paths.map(
    (p) => sql`(${incident.territoryPath} = ${p} or ${incident.territoryPath} like ${`${escapeLike(p)}/%`})`,
  );
  return db
    .select(caseColumns)
    .from(incident)
    .where(sql`${or(...within)} and ${incident.mergedIntoId} is null`)
    .orderBy(desc(incident.occurredAt))
    .limit(limit);
}
