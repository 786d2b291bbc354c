/**
 * Referral of a report closed as a knowingly false report of an act of terrorism (Criminal Code of the
 * Republic of Kazakhstan, art. 273) to a territorial police body (R16: the HQ that checked it closes it;
 * what follows is the police's). Pure rules; the module records it.
 */
import { type CloseReason, closeReasonReferral } from "./incidents";

/** The legal basis shown with a referral. */
export const POLICE_REFERRAL_BASIS = ["R16", "criminal_code_273"] as const;

/** Which reports may be referred: closed, with a reason whose consequence is a police referral. */
export function referableToPolice(r: { status: string; closeReason: CloseReason | string | null }): boolean {
  return (
    r.status === "closed" &&
    r.closeReason !== null &&
    closeReasonReferral(r.closeReason as CloseReason)?.to === "police"
  );
}

/** A second referral of the same report to the same body is refused; another body may still be chosen. */
export function alreadyReferred(
  existing: readonly { policeBodyId: string }[],
  policeBodyId: string,
): boolean {
  return existing.some((e) => e.policeBodyId === policeBodyId);
}
