/**
 * Reads of operations for other modules: one operation as the reader may see it (to link to it), and
 * the read-only summary of operations in a territory for commissions and akimats (R5, R14) — number,
 * status, goals, times and zone, never the log, forces or command detail.
 */
import { desc, gte, isNull, or } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { territoriesByCodes } from "../registry";
import { loadReadable } from "./operations.service";
import { operation } from "./operations.tables";

export type OperationRef = {
  id: string;
  number: string;
  status: string;
  commandingHqId: string;
  commandingHqPath: string;
  zoneTerritories: string[];
};

/** The operation if the actor may read it (R17, R18), else null. */
export async function readableOperation(db: DbOrTx, actor: Actor, id: string): Promise<OperationRef | null> {
  try {
    const { op } = await loadReadable(db, actor, id);
    return {
      id: op.id,
      number: op.number,
      status: op.status,
      commandingHqId: op.commandingHqId,
      commandingHqPath: op.commandingHqPath,
      zoneTerritories: op.zoneTerritories,
    };
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

export type OperationOverview = {
  id: string;
  number: string;
  status: string;
  goals: string[];
  regimeStartedAt: Date;
  endedAt: Date | null;
  zoneTerritories: string[];
};

/**
 * Operations active now or ended since `since` whose zone or commanding HQ lies in one of `paths`
 * (territory subtrees), newest first: the summary a commission may see of its territory.
 */
export async function operationsWithin(
  db: DbOrTx,
  paths: readonly string[],
  since: Date,
  limit = 100,
): Promise<OperationOverview[]> {
  if (!paths.length) return [];
  const rows = await db
    .select()
    .from(operation)
    .where(or(isNull(operation.endedAt), gte(operation.endedAt, since)))
    .orderBy(desc(operation.regimeStartedAt))
    .limit(1000);
  const zone = new Map(
    (await territoriesByCodes(db, [...new Set(rows.flatMap((r) => r.zoneTerritories))])).map((t) => [
      t.code,
      t.path,
    ]),
  );
  const within = (p: string) => paths.some((scope) => isInSubtree(p, scope));
  return rows
    .filter((r) => within(r.commandingHqPath) || r.zoneTerritories.some((c) => within(zone.get(c) ?? "")))
    .slice(0, limit)
    .map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      goals: r.goals,
      regimeStartedAt: r.regimeStartedAt,
      endedAt: r.endedAt,
      zoneTerritories: r.zoneTerritories,
    }));
}
