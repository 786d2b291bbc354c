/**
 * Retention (Law No. 94-V: personal data kept no longer than its purpose needs): a record closed longer
 * than the retention period (QORGAN_PD_RETENTION_DAYS) is anonymised — IIN, name, date of birth,
 * contacts and every entry's details are erased, the look-up hashes with them; role, statuses, help,
 * compensation amounts and dates stay, so the counts do not change. Each record's anonymisation is
 * audited. Runs as a job (any instance, under an advisory lock) and as `qorgan personal-data purge`.
 */
import { and, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import type { RequestContext } from "../../platform/context";
import { systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { lockForTransaction } from "../../platform/locks";
import { writeAuditMany } from "../audit";
import { affectedPerson, affectedPersonEntry } from "./affected-people.tables";

/** Anonymise records closed before now − retentionDays; returns how many. */
export async function purgeExpiredPersons(
  database: Database,
  retentionDays: number,
  opts: { now?: number; ctx?: RequestContext; batch?: number } = {},
): Promise<number> {
  const cutoff = new Date((opts.now ?? Date.now()) - retentionDays * 86_400_000);
  const ctx = opts.ctx ?? systemContext("retention");
  let total = 0;
  for (;;) {
    const n = await database.db.transaction(async (tx) => {
      await lockForTransaction(tx, "personalDataRetention");
      const due = await tx
        .select({ id: affectedPerson.id, territoryPath: affectedPerson.territoryPath })
        .from(affectedPerson)
        .where(
          and(
            isNotNull(affectedPerson.closedAt),
            lt(affectedPerson.closedAt, cutoff),
            isNull(affectedPerson.anonymisedAt),
          ),
        )
        .limit(opts.batch ?? 500);
      if (!due.length) return 0;
      const ids = due.map((d) => d.id);
      const now = new Date();
      await tx
        .update(affectedPerson)
        .set({
          iinHash: null,
          iinEnc: null,
          nameEnc: null,
          birthDateEnc: null,
          contactsEnc: null,
          nameBirthHash: null,
          anonymisedAt: now,
          updatedAt: now,
        })
        .where(inArray(affectedPerson.id, ids));
      await tx
        .update(affectedPersonEntry)
        .set({ detailsEnc: null })
        .where(inArray(affectedPersonEntry.personId, ids));
      await writeAuditMany(
        tx,
        due.map((d) => ({
          ctx,
          entry: {
            action: "affected_person.anonymised" as const,
            entityType: "affected_person",
            entityId: d.id,
            territoryPath: d.territoryPath,
            after: { retentionDays },
          },
        })),
      );
      return due.length;
    });
    total += n;
    if (n === 0) return total;
  }
}

/** Every `everyMs`, the purge; returns its stop. */
export function startRetentionJob(
  database: Database,
  retentionDays: number,
  everyMs = 6 * 3_600_000,
  log: (m: string) => void = () => {},
): () => void {
  const run = () =>
    purgeExpiredPersons(database, retentionDays).then(
      (n) => n && log(`personal data: ${n} closed record(s) past ${retentionDays} days anonymised`),
      (e) => log(`personal-data retention failed: ${(e as Error).name}`),
    );
  const timer = setInterval(run, everyMs);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
