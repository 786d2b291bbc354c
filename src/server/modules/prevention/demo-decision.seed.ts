/**
 * The demo's signed protocol decision that other modules' demo records are approved by (R5): a held
 * meeting of the commission with one decision, signed through the meetings' own services.
 */
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { addDecision, createMeeting, signProtocol } from "./meetings.service";

/** A signed decision of `commissionId` with `text`, by `ctx` (its secretary); returns the decision's id. */
export async function seedSignedDecision(
  database: Database,
  ctx: Required<RequestContext>,
  commissionId: string,
  input: { heldAt: string; agendaTitle: string; text: string },
): Promise<string> {
  const m = await createMeeting(database, ctx, {
    bodyId: commissionId,
    heldAt: input.heldAt,
    place: "",
    chairName: "",
    agenda: [{ title: input.agendaTitle, speakers: [] }],
  });
  const withDecision = await addDecision(database, ctx, m.id, {
    agendaIndex: 0,
    text: input.text,
    executorIds: [],
    coExecutorIds: [],
    controllerBodyId: null,
    deadline: null,
  });
  const signed = await signProtocol(database, ctx, m.id, { version: withDecision.version });
  return signed.decisions[0].id;
}
