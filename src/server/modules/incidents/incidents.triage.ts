/**
 * Triage of reports (R16): one step of the state machine (src/domain/incidents.ts) by the HQ in
 * charge, and merging a duplicate into the report it repeats. Every step is in the history, audited
 * and heard on the boards.
 */
import { and, eq, sql } from "drizzle-orm";
import type { IncidentActionBody } from "../../../domain/contracts/incidents";
import { FINAL_STATUSES, type IncidentStatus, transition } from "../../../domain/incidents";
import { canTriageIncident } from "../../../domain/policy";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { AppError, forbidden, versionConflict } from "../../platform/errors";
import { publish } from "../../platform/events";
import { writeAudit } from "../audit";
import { eventOf, INCIDENT_CHANNEL, targetOf } from "./incident-events";
import { getIncident, offeredActions, readable } from "./incidents.service";
import { incident, incidentEvent } from "./incidents.tables";

type Ctx = Required<RequestContext>;

/**
 * Merge a duplicate into this report: the duplicate is closed ("duplicate", pointing here), keeps all its
 * content and history, and both histories record the merge.
 */
export async function mergeIncident(
  database: Database,
  ctx: Ctx,
  id: string,
  input: { duplicateId: string; version: number; comment: string },
) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const primary = await readable(tx, actor, id);
    const dup = await readable(tx, actor, input.duplicateId);
    if (!canTriageIncident(actor, targetOf(primary)) || !canTriageIncident(actor, targetOf(dup)))
      throw forbidden();
    if (
      primary.id === dup.id ||
      FINAL_STATUSES.includes(dup.status as IncidentStatus) ||
      FINAL_STATUSES.includes(primary.status as IncidentStatus)
    ) {
      throw new AppError(409, "invalid_transition", { from: dup.status, action: "merge" });
    }
    if (primary.version !== input.version) throw versionConflict();
    const now = new Date();
    const [closed] = await tx
      .update(incident)
      .set({
        status: "closed",
        closeReason: "duplicate",
        mergedIntoId: primary.id,
        version: sql`${incident.version} + 1`,
        updatedAt: now,
      })
      .where(eq(incident.id, dup.id))
      .returning();
    await tx
      .update(incident)
      .set({ version: sql`${incident.version} + 1`, updatedAt: now })
      .where(eq(incident.id, primary.id));
    await tx.insert(incidentEvent).values([
      {
        incidentId: dup.id,
        action: "merge",
        fromStatus: dup.status,
        toStatus: "closed",
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment: input.comment,
        data: { mergedInto: primary.regNumber },
      },
      {
        incidentId: primary.id,
        action: "merge",
        fromStatus: primary.status,
        toStatus: primary.status,
        actorId: ctx.user.id,
        actorName: ctx.user.username,
        comment: input.comment,
        data: { merged: dup.regNumber },
      },
    ]);
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: dup.id,
      territoryPath: dup.territoryPath,
      before: { status: dup.status },
      after: { status: "closed", closeReason: "duplicate", mergedInto: primary.id },
    });
    await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", closed));
    return getIncident(tx, actor, primary.id);
  });
}

/** One triage step: allowed by the state machine, by the actor's HQ scope, and on the current version. */
export async function actOnIncident(database: Database, ctx: Ctx, id: string, input: IncidentActionBody) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const row = await readable(tx, actor, id);
    if (!canTriageIncident(actor, targetOf(row))) throw forbidden();
    const from = row.status as IncidentStatus;
    const to = offeredActions(from).includes(input.action) ? transition(from, input.action) : null;
    if (!to) throw new AppError(409, "invalid_transition", { from, action: input.action });
    if (row.version !== input.version) throw versionConflict();
    const now = new Date();
    const patch: Partial<typeof incident.$inferInsert> = { status: to, updatedAt: now };
    if (input.action === "acknowledge") patch.acknowledgedAt = now;
    if (input.action === "close") patch.closeReason = input.reason;
    if (input.action === "hand_over") patch.handedOverTo = input.handedOverTo;
    const [updated] = await tx
      .update(incident)
      .set({ ...patch, version: sql`${incident.version} + 1` })
      .where(and(eq(incident.id, id), eq(incident.version, input.version)))
      .returning();
    if (!updated) throw versionConflict();
    await tx.insert(incidentEvent).values({
      incidentId: id,
      action: input.action,
      fromStatus: from,
      toStatus: to,
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      comment: input.comment,
      data:
        input.reason || input.handedOverTo
          ? { reason: input.reason, handedOverTo: input.handedOverTo }
          : null,
    });
    await writeAudit(tx, ctx, {
      action: "incident.triaged",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      before: { status: from, version: row.version },
      after: {
        status: to,
        version: updated.version,
        action: input.action,
        reason: input.reason,
        handedOverTo: input.handedOverTo,
      },
    });
    await publish(tx, INCIDENT_CHANNEL, eventOf("triaged", updated));
    return getIncident(tx, actor, id);
  });
}
