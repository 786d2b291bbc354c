/**
 * E-mail of threat-level tasks, through the outbox (queued in the decision's transaction, sent after
 * commit): the measures a body now has to take (Decree No. 611; R6), and — to the HQ of its territory —
 * that a body did not confirm receipt in time (R18). In the recipient's language, with the decision's
 * number, level, deadline and a link; never the grounds (restricted) and never the measures' notes.
 */
import type { Locale } from "../../../domain/contracts/common";
import type { ThreatLevel } from "../../../domain/threat-levels";
import type { DbOrTx } from "../../platform/db";
import { t } from "../../platform/i18n";
import { usersOfBodies } from "../auth";
import { type MailConfig, type MailMessage, queueMail } from "../mail";
import type { threatLevelDeclaration } from "./threat-levels.tables";

type DeclarationRow = typeof threatLevelDeclaration.$inferSelect;
const localeOf = (l: string): Locale => (l === "ru" || l === "en" ? l : "kk");

const minute = (d: Date, l: Locale) =>
  new Intl.DateTimeFormat(l === "kk" ? "kk-KZ" : l, {
    dateStyle: "short",
    timeStyle: "short",
    timeZone: "Asia/Almaty",
  }).format(d);

function compose(
  kind: "tasks" | "escalated",
  d: DeclarationRow,
  dueAt: Date,
  to: { locale: string; displayName: string },
  publicUrl: string,
  body?: string,
) {
  const l = localeOf(to.locale);
  const vars = {
    number: d.number,
    level: d.level ? t(l, `threat.level.${d.level as ThreatLevel}`) : "",
    due: minute(dueAt, l),
    body: body ?? "",
  };
  const text = [
    t(l, "mail.greeting", { name: to.displayName }),
    "",
    t(l, `mail.threat.${kind}.reason`, vars),
    "",
    t(l, "mail.threat.decision", vars),
    t(l, "mail.threat.due", vars),
    t(l, "mail.threat.link", { link: `${publicUrl}/threat` }),
    "",
    t(l, "mail.threat.content"),
    t(l, "mail.threat.basis"),
    "",
    "-- ",
    t(l, "mail.footer"),
    "",
  ].join("\n");
  return { subject: t(l, `mail.threat.${kind}.subject`, vars), text };
}

/** Queues the "your measures" mail to every account with an address in the tasked bodies. */
export async function mailNewTasks(
  tx: DbOrTx,
  cfg: MailConfig,
  d: DeclarationRow,
  bodyIds: readonly string[],
) {
  const dueAt = new Date(d.createdAt.getTime() + 30 * 60_000);
  for (let i = 0; i < bodyIds.length; i += 2000) {
    const users = await usersOfBodies(tx, bodyIds.slice(i, i + 2000));
    const messages: MailMessage[] = users.flatMap((u) =>
      u.email
        ? [
            {
              userId: u.id,
              to: u.email,
              kind: "threat_tasks",
              entityType: "threat_level_declaration",
              entityId: d.id,
              ...compose("tasks", d, dueAt, u, cfg.publicUrl),
            },
          ]
        : [],
    );
    await queueMail(tx, messages);
  }
}

/** Queues the escalation mail to the HQ's accounts: which body has not confirmed. */
export async function mailEscalation(
  tx: DbOrTx,
  cfg: MailConfig,
  d: DeclarationRow,
  dueAt: Date,
  hqId: string,
  bodyName: (l: Locale) => string,
) {
  const users = await usersOfBodies(tx, [hqId]);
  await queueMail(
    tx,
    users.flatMap((u) =>
      u.email
        ? [
            {
              userId: u.id,
              to: u.email,
              kind: "threat_task_escalated",
              entityType: "threat_level_declaration",
              entityId: d.id,
              ...compose("escalated", d, dueAt, u, cfg.publicUrl, bodyName(localeOf(u.locale))),
            },
          ]
        : [],
    ),
  );
}
