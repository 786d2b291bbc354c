/**
 * Reports and counter-terrorist operations (R16, R17): the operations module links reports to an
 * operation through these functions; the reports' rows, history and board events stay this module's.
 */
import { eq, sql } from "drizzle-orm";
import { transition } from "../../../domain/incidents";
import { canTriageIncident } from "../../../domain/policy";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { AppError, fieldError } from "../../platform/errors";
import { publish } from "../../platform/events";
import { writeAudit } from "../audit";
import { eventOf, INCIDENT_CHANNEL } from "./incident-events";
import { incident, incidentEvent } from "./incidents.tables";

type Ctx = Required<RequestContext>;

/**
 * Link reports to a counter-terrorist operation (R17) declared or commanded by the caller: each must be
 * one the caller's HQ may triage and in a state that allows "link"; its status, history, audit entry
 * and board event follow as for any triage step. A report that may not be linked refuses them all
 * (400 on incidentIds). Runs in the caller's transaction (the operation's).
 */
export async function linkToOperation(tx: DbOrTx, ctx: Ctx, opId: string, incidentIds: readonly string[]) {
  const actor = ctx.user.actor;
  for (const id of incidentIds) {
    const [row] = await tx.select().from(incident).where(eq(incident.id, id));
    const target = row && {
      territoryPath: row.territoryPath,
      hqTerritoryPath: row.hqTerritoryPath,
      reporterBodyId: row.reporterBodyId,
    };
    if (!row || !canTriageIncident(actor, target)) {
      throw fieldError("incidentIds", "invalid_value");
    }
    const to = transition(row.status as never, "link");
    if (!to) throw new AppError(409, "invalid_transition", { from: row.status, action: "link" });
    const [updated] = await tx
      .update(incident)
      .set({ status: to, operationId: opId, version: sql`${incident.version} + 1`, updatedAt: new Date() })
      .where(eq(incident.id, id))
      .returning();
    await tx.insert(incidentEvent).values({
      incidentId: id,
      action: "link",
      fromStatus: row.status,
      toStatus: to,
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      data: { operationId: opId },
    });
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      before: { status: row.status },
      after: { status: to, operationId: opId },
    });
    await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", updated));
  }
}

/** The reports linked to an operation: id, registration number and type. */
export function incidentsOfOperation(db: DbOrTx, operationId: string) {
  return db
    .select({ id: incident.id, regNumber: incident.regNumber, type: incident.type })
    .from(incident)
    .where(eq(incident.operationId, operationId));
}
