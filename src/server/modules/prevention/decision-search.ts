/**
 * Signed protocol decisions of one commission (or the ATC), newest protocol first, for a picker
 * elsewhere (R5): only decisions of signed protocols, only when the reader may read that body's
 * meetings — otherwise the list is empty, as if there were none. Matched on the number or the text.
 */
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import type { DecisionChoice, DecisionSearchQuery } from "../../../domain/contracts/decisions";
import { canReadMeeting } from "../../../domain/policy";
import { decisionNumbers } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import type { DbOrTx } from "../../platform/db";
import { decision, meeting } from "./prevention.tables";

/** How many protocols back are searched, and how many decisions are answered. */
const PROTOCOLS = 200;
const LIMIT = 50;

export async function searchSignedDecisions(
  db: DbOrTx,
  actor: Actor,
  query: DecisionSearchQuery,
): Promise<{ items: DecisionChoice[] }> {
  const meetings = await db
    .select()
    .from(meeting)
    .where(and(eq(meeting.bodyId, query.body), eq(meeting.status, "held"), isNotNull(meeting.signedAt)))
    .orderBy(desc(meeting.signedAt))
    .limit(PROTOCOLS);
  const readable = meetings.filter(
    (m) =>
      m.protocolNumber != null &&
      m.protocolYear != null &&
      canReadMeeting(actor, { bodyId: m.bodyId, territoryPath: m.territoryPath }),
  );
  if (!readable.length) return { items: [] };
  const rows = await db
    .select()
    .from(decision)
    .where(
      inArray(
        decision.meetingId,
        readable.map((m) => m.id),
      ),
    );
  const needle = query.q.toLocaleLowerCase();
  const items: DecisionChoice[] = [];
  for (const m of readable) {
    const own = rows.filter((d) => d.meetingId === m.id);
    const numbers = decisionNumbers(own);
    const ordered = own.map((d, i) => ({ d, n: numbers[i] })).sort((a, b) => a.d.position - b.d.position);
    for (const { d, n } of ordered) {
      const number = `${m.protocolNumber}/${n}`;
      if (needle && !`${number} ${d.text}`.toLocaleLowerCase().includes(needle)) continue;
      items.push({
        id: d.id,
        meetingId: m.id,
        bodyId: m.bodyId,
        number,
        protocolYear: m.protocolYear!,
        text: d.text,
        signedAt: m.signedAt!.toISOString(),
      });
      if (items.length >= LIMIT) return { items };
    }
  }
  return { items };
}
