/**
 * Protocol decisions for other modules (R5): plans, lists and programmes elsewhere are approved "by the
 * commission's protocol decision" — they link to the decision here rather than keep a free-text
 * reference. Only decisions of signed protocols count; an unreadable one is absent, as if it did not exist.
 */
import { and, eq, inArray } from "drizzle-orm";
import { canReadMeeting } from "../../../domain/policy";
import { decisionNumbers } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { decision, meeting } from "./prevention.tables";

export type DecisionRef = {
  id: string;
  meetingId: string;
  /** The commission (or ATC) whose protocol holds it. */
  bodyId: string;
  territoryPath: string;
  /** "12/2.1": protocol number / decision number within the protocol. */
  number: string;
  protocolYear: number;
  text: string;
  signedAt: Date;
};

/** Decisions of signed protocols by id, as the actor may read them; missing or unreadable ids are left out. */
export async function signedDecisions(
  db: DbOrTx,
  actor: Actor,
  ids: readonly string[],
): Promise<DecisionRef[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await db
    .select({ d: decision, m: meeting })
    .from(decision)
    .innerJoin(meeting, eq(meeting.id, decision.meetingId))
    .where(and(inArray(decision.id, unique), eq(meeting.status, "held")));
  const out: DecisionRef[] = [];
  for (const { d, m } of rows) {
    if (!m.signedAt || m.protocolNumber == null || m.protocolYear == null) continue;
    if (!canReadMeeting(actor, { bodyId: m.bodyId, territoryPath: m.territoryPath })) continue;
    const siblings = await db.select().from(decision).where(eq(decision.meetingId, m.id));
    const numbers = decisionNumbers(siblings);
    const own = numbers[siblings.findIndex((s) => s.id === d.id)];
    out.push({
      id: d.id,
      meetingId: m.id,
      bodyId: m.bodyId,
      territoryPath: m.territoryPath,
      number: `${m.protocolNumber}/${own}`,
      protocolYear: m.protocolYear,
      text: d.text,
      signedAt: m.signedAt,
    });
  }
  return out;
}

/** One signed decision the actor may read, or null. */
export async function signedDecision(db: DbOrTx, actor: Actor, id: string): Promise<DecisionRef | null> {
  return (await signedDecisions(db, actor, [id]))[0] ?? null;
}
