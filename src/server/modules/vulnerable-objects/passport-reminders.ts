/**
 * Reminders about anti-terrorist protection passports (Law art. 10-2; Decree No. 305 asks for an update
 * on schedule and on a change of category): the owner's accounts are told once per state when the
 * passport falls due (PASSPORT_DUE_DAYS before its term), when it expired, and when the object's
 * category changed since it was agreed — in the app (prevention's notification bell) and, with SMTP
 * configured, by e-mail through the mail outbox in the same transaction. Each pass claims its objects
 * with `for update skip locked`, so any number of instances may run it without telling anyone twice.
 */
import { and, eq, isNotNull, type SQL, sql } from "drizzle-orm";
import type { Locale } from "../../../domain/contracts/common";
import type { NotificationKind } from "../../../domain/prevention";
import { almatyDate } from "../../../domain/prevention";
import { PASSPORT_DUE_DAYS, passportReminderKey } from "../../../domain/vulnerable-objects";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { errorSummary } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { writeAuditMany } from "../audit";
import { usersOfBodies } from "../auth";
import { type MailConfig, type MailMessage, queueMail } from "../mail";
import { notifyBodyUsers } from "../prevention";
import { touchObjects } from "./cache-until-objects-change";
import { vulnerableObject } from "./vulnerable-objects.tables";

const BATCH = 500;
const KIND: Record<"due" | "expired" | "category_changed", NotificationKind> = {
  due: "object_passport_due",
  expired: "object_passport_expired",
  category_changed: "object_passport_category",
};
const localeOf = (l: string): Locale => (l === "ru" || l === "en" ? l : "kk");
const ddmmyyyy = (d: string | null) => (d ? d.split("-").reverse().join(".") : "");

/** The reminder key as SQL (the same as `passportReminderKey`), to pick only objects with news. */
function reminderKeySql(today: string): SQL<string | null> {
  const o = vulnerableObject;
  return sql<string | null>`case
    when ${o.passportStatus} is distinct from 'agreed' then null
    when ${o.passportCategory} is distinct from ${o.category}
      then 'category:' || coalesce(${o.passportCategory}, '') || '>' || ${o.category}
    when ${o.passportValidUntil} is null or ${o.passportValidUntil} < ${today}::date
      then 'expired:' || coalesce(to_char(${o.passportValidUntil}, 'YYYY-MM-DD'), '')
    when ${o.passportValidUntil} < ${today}::date + ${PASSPORT_DUE_DAYS}::int
      then 'due:' || to_char(${o.passportValidUntil}, 'YYYY-MM-DD')
    else null end`;
}

function compose(
  kind: "due" | "expired" | "category_changed",
  o: { id: string; nameKk: string; nameRu: string; passportValidUntil: string | null },
  to: { locale: string; displayName: string },
  publicUrl: string,
) {
  const l = localeOf(to.locale);
  const vars = { name: l === "kk" ? o.nameKk : o.nameRu, date: ddmmyyyy(o.passportValidUntil) };
  const text = [
    t(l, "mail.greeting", { name: to.displayName }),
    "",
    t(l, `mail.objects.${kind}.reason`, vars),
    "",
    t(l, "mail.objects.link", { link: `${publicUrl}/objects/${o.id}` }),
    "",
    t(l, "mail.objects.content"),
    t(l, "mail.objects.basis"),
    "",
    "-- ",
    t(l, "mail.footer"),
    "",
  ].join("\n");
  return { subject: t(l, `mail.objects.${kind}.subject`, vars), text };
}

/** One pass at `now`: returns how many objects' owners were reminded. */
export async function runPassportReminders(
  database: Database,
  now: Date = new Date(),
  mail: MailConfig | null = null,
): Promise<number> {
  const today = almatyDate(now);
  const key = reminderKeySql(today);
  return database.db.transaction(async (tx) => {
    const o = vulnerableObject;
    const due = await tx
      .select({
        id: o.id,
        nameKk: o.nameKk,
        nameRu: o.nameRu,
        ownerBodyId: o.ownerBodyId,
        territoryPath: o.territoryPath,
        category: o.category,
        passportStatus: o.passportStatus,
        passportValidUntil: o.passportValidUntil,
        passportCategory: o.passportCategory,
      })
      .from(o)
      .where(
        and(
          eq(o.passportStatus, "agreed"),
          isNotNull(key),
          sql`${key} is distinct from ${o.passportReminded}`,
        ),
      )
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const audits = [];
    const ctx = systemContext("passport-reminders");
    for (const r of due) {
      const news = passportReminderKey(
        { status: r.passportStatus, validUntil: r.passportValidUntil, category: r.passportCategory },
        r.category,
        today,
      );
      if (!news) continue;
      await tx.update(o).set({ passportReminded: news.key }).where(eq(o.id, r.id));
      await touchObjects(tx);
      const data = { number: r.nameKk, deadline: ddmmyyyy(r.passportValidUntil) };
      await notifyBodyUsers(
        tx,
        [r.ownerBodyId],
        KIND[news.kind],
        { type: "vulnerable_object", id: r.id },
        data,
      );
      if (mail) {
        const users = await usersOfBodies(tx, [r.ownerBodyId]);
        const messages: MailMessage[] = users.flatMap((u) =>
          u.email
            ? [
                {
                  userId: u.id,
                  to: u.email,
                  kind: KIND[news.kind],
                  entityType: "vulnerable_object",
                  entityId: r.id,
                  ...compose(news.kind, r, u, mail.publicUrl),
                },
              ]
            : [],
        );
        await queueMail(tx, messages);
      }
      audits.push({
        ctx,
        entry: {
          action: "object.passport_reminded" as const,
          entityType: "vulnerable_object",
          entityId: r.id,
          territoryPath: r.territoryPath,
          after: { reminder: news.kind, validUntil: r.passportValidUntil, category: r.category },
        },
      });
    }
    await writeAuditMany(tx, audits);
    return audits.length;
  });
}

/** Runs passes every `everyMs` on this instance (until a pass finds less than a batch); returns a stop function. */
export function startPassportReminders(
  database: Database,
  everyMs = 10 * 60_000,
  log: (m: string) => void = () => {},
  mail: MailConfig | null = null,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while ((await runPassportReminders(database, new Date(), mail)) === BATCH);
    } catch (e) {
      log(`passport reminders failed: ${errorSummary(e)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
