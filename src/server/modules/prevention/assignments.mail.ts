/**
 * E-mail that goes with the control job's notifications (R5): a reminder before the
 * deadline, the notice that it passed, the escalation to the higher commission. In the recipient's
 * language, with the assignment's number, deadline, executor, a link and the legal basis — never
 * its content (the mail leaves the system; reading takes a sign-in).
 */
import { eq } from "drizzle-orm";
import type { Locale, Names } from "../../../domain/contracts/common";
import type { NotificationKind } from "../../../domain/prevention";
import type { DbOrTx } from "../../platform/db";
import { t } from "../../platform/i18n";
import { namesOf } from "../../platform/sql";
import { type MailConfig, type MailMessage, queueMail } from "../mail";
import { bodyById } from "../registry";
import { assignment } from "./prevention.tables";

export const mailedKinds = ["deadline_near", "deadline_passed", "escalated"] as const;
export type MailedKind = (typeof mailedKinds)[number];
export const isMailedKind = (k: NotificationKind): k is MailedKind =>
  (mailedKinds as readonly string[]).includes(k);

export type MailRecipient = { id: string; email: string; locale: string; displayName: string };
export type AssignmentMailFacts = { id: string; number: string; deadline: string; executor: Names };

const localeOf = (l: string): Locale => (l === "ru" || l === "en" ? l : "kk");

export function formatDeadline(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Subject and plain text of one mail. */
export function composeAssignmentMail(
  kind: MailedKind,
  a: AssignmentMailFacts,
  to: { locale: string; displayName: string },
  publicUrl: string,
): { subject: string; text: string } {
  const l = localeOf(to.locale);
  const deadline = formatDeadline(a.deadline, l);
  const vars = { number: a.number, deadline };
  const text = [
    t(l, "mail.greeting", { name: to.displayName }),
    "",
    t(l, `mail.assignment.${kind}.reason`),
    "",
    t(l, "mail.assignment.number", vars),
    t(l, "mail.assignment.deadline", vars),
    t(l, "mail.assignment.executor", { executor: a.executor[l] || a.executor.ru }),
    t(l, "mail.assignment.link", { link: `${publicUrl}/prevention/assignments/${a.id}` }),
    "",
    t(l, "mail.assignment.content"),
    t(l, "mail.basis"),
    "",
    "-- ",
    t(l, "mail.footer"),
    "",
  ].join("\n");
  return { subject: t(l, `mail.assignment.${kind}.subject`, vars), text };
}

/** Queue the mail for these recipients in the transaction that writes their notifications. */
export async function queueAssignmentMail(
  tx: DbOrTx,
  cfg: MailConfig,
  kind: MailedKind,
  assignmentId: string,
  recipients: readonly MailRecipient[],
): Promise<void> {
  if (!recipients.length) return;
  const [row] = await tx
    .select({
      number: assignment.number,
      deadline: assignment.deadline,
      executorBodyId: assignment.executorBodyId,
    })
    .from(assignment)
    .where(eq(assignment.id, assignmentId));
  const executor = row && (await bodyById(tx, row.executorBodyId));
  if (!row || !executor) return;
  const facts = { id: assignmentId, number: row.number, deadline: row.deadline, executor: namesOf(executor) };
  const messages: MailMessage[] = recipients.map((r) => ({
    userId: r.id,
    to: r.email,
    kind,
    entityType: "assignment",
    entityId: assignmentId,
    ...composeAssignmentMail(kind, facts, r, cfg.publicUrl),
  }));
  await queueMail(tx, messages);
}
