/** Contracts of a report's referral to the police (Criminal Code art. 273; R16). */
import { z } from "zod";
import { names, text, uuid } from "./common";
import { personView } from "./people";

export const policeReferralBody = z.object({
  /** The territorial police body (a subdivision of the interior ministry in the registry). */
  policeBodyId: uuid,
  note: text(1000).optional().default(""),
});
export type PoliceReferralBody = z.infer<typeof policeReferralBody>;

const bodyRef = z.object({ id: z.string(), names, territoryCode: z.string() });

export const policeReferralView = z.object({
  id: z.number(),
  at: z.string(),
  policeBody: bodyRef,
  byName: z.string(),
  /** The person who referred it and their body. */
  by: personView.nullable(),
  note: z.string(),
});
export type PoliceReferralView = z.infer<typeof policeReferralView>;

export const policeReferrals = z.object({
  referrals: z.array(policeReferralView),
  /** The report is closed as a knowingly false report and the reader's HQ may refer it. */
  canRefer: z.boolean(),
  /** Territorial police bodies to choose from (only when canRefer). */
  options: z.array(bodyRef),
  /** The police body of the report's territory (nearest above it), when there is one. */
  defaultBodyId: z.string().nullable(),
  basis: z.array(z.string()),
});
export type PoliceReferrals = z.infer<typeof policeReferrals>;
