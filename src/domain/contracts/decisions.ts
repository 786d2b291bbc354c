/**
 * Protocol decisions as other areas pick them (R5): plans, lists and programmes approved "by the
 * commission's protocol decision" link to a signed decision chosen from a list, not a pasted id.
 */
import { z } from "zod";
import { shortText, uuid } from "./common";

export const decisionSearchQuery = z.object({
  /** The commission (or the ATC) whose protocols are searched. */
  body: uuid,
  /** Part of the number ("12/2.1") or of the text. */
  q: shortText(200).default(""),
});
export type DecisionSearchQuery = z.infer<typeof decisionSearchQuery>;

export const decisionChoice = z.object({
  id: z.string(),
  meetingId: z.string(),
  bodyId: z.string(),
  /** "12/2.1": protocol number / decision number within the protocol. */
  number: z.string(),
  protocolYear: z.number(),
  text: z.string(),
  signedAt: z.string(),
});
export type DecisionChoice = z.infer<typeof decisionChoice>;

export const decisionChoices = z.object({ items: z.array(decisionChoice) });
