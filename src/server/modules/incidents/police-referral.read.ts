/**
 * Referrals of a report to the police as recorded in its history (action `police_referral`): read by
 * the referral service and by `readable`, so that the police body a report was referred to may open
 * that report (and only that one) — the materials go with the referral.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { incidentEvent } from "./incidents.tables";

export const POLICE_REFERRAL_ACTION = "police_referral";

export type ReferralRow = {
  id: number;
  at: Date;
  policeBodyId: string;
  byId: string | null;
  byName: string;
  note: string;
};

export async function referralsOf(db: DbOrTx, incidentId: string): Promise<ReferralRow[]> {
  const rows = await db
    .select()
    .from(incidentEvent)
    .where(and(eq(incidentEvent.incidentId, incidentId), eq(incidentEvent.action, POLICE_REFERRAL_ACTION)))
    .orderBy(asc(incidentEvent.id));
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    policeBodyId: String((r.data as { policeBodyId?: string } | null)?.policeBodyId ?? ""),
    byId: r.actorId,
    byName: r.actorName,
    note: r.comment,
  }));
}

/** Was this report referred to a body the actor holds a role in? */
export async function referredToActor(db: DbOrTx, actor: Actor, incidentId: string): Promise<boolean> {
  const bodies = [...new Set(actor.grants.map((g) => g.bodyId))];
  if (!bodies.length) return false;
  const [hit] = await db
    .select({ id: incidentEvent.id })
    .from(incidentEvent)
    .where(
      and(
        eq(incidentEvent.incidentId, incidentId),
        eq(incidentEvent.action, POLICE_REFERRAL_ACTION),
        inArray(sql<string>`${incidentEvent.data}->>'policeBodyId'`, bodies),
      ),
    )
    .limit(1);
  return !!hit;
}
