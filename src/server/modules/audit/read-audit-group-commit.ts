/**
 * Group commit of read audits — speed mechanism (switch: QORGAN_READ_AUDIT_GROUP_COMMIT=off).
 *
 * Buys: reads of personal data that do not queue behind each other on the audit chain, and fewer
 * transactions. bench/affected-people.ts (100,000 persons, 4 look-ups by IIN at once, on and off
 * alternating in one run, 2026-12-07, two shared cores at load average ~10; docs/internals.md, "Speed
 * mechanisms"): on the embedded database p95 132 ms with it against 149 ms without, CPU per look-up
 * 7.6 against 9.8 ms; on PostgreSQL within the noise (p95 75 against 67 ms, CPU 4.4 against 4.9 ms),
 * where the look-up's own CPU, not the chain's lock, decides its time on this machine.
 *
 * Why: every read of a person's record is audited (`personal.read`), and the audit log is one hash
 * chain, so each read's transaction took the chain's lock, read its head, inserted its entry and
 * committed while holding it: reads at once waited for each other's three round trips (measured, 4 at
 * once: the lock's wait alone p50 12 ms of a 68 ms look-up, the audit part 25 ms). Here the entries
 * of reads that arrive while one write of the chain is in flight join the next write: one
 * transaction, one lock, one read of the head, one insert for all of them, chained in arrival order.
 * Nothing is lost or weakened: each caller is answered only after its own entry has committed, and a
 * group that fails is written again entry by entry, so one bad entry cannot fail the others (and a
 * failed entry fails its read: no record is answered without its audit entry).
 *
 * Switched off, each call writes its entries in a transaction of its own (`auditAlone`'s path).
 */
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { speedOn } from "../../platform/speed-switches";
import { type AuditEntry, writeAuditMany } from "./audit.service";

type Events = { ctx: RequestContext; entry: AuditEntry }[];
type Waiting = { events: Events; resolve(): void; reject(e: unknown): void };

/** The most entries written together (one insert statement, one JSON parameter). */
const MAX_GROUP = 500;

class GroupCommit {
  private queue: Waiting[] = [];
  private writing = false;
  private scheduled = false;

  constructor(private readonly database: Database) {}

  submit(events: Events): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      // Entries that arrive in the same turn of the event loop go together even when nothing is in flight.
      if (!this.writing && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.pump();
        });
      }
    });
  }

  private write(events: Events) {
    return this.database.db.transaction((tx) => writeAuditMany(tx, events));
  }

  private async pump() {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) {
        const group: Waiting[] = [];
        let n = 0;
        while (this.queue.length && (group.length === 0 || n + this.queue[0].events.length <= MAX_GROUP)) {
          const w = this.queue.shift()!;
          group.push(w);
          n += w.events.length;
        }
        try {
          await this.write(group.flatMap((w) => w.events));
          for (const w of group) w.resolve();
        } catch (e) {
          if (group.length === 1) group[0].reject(e);
          else
            for (const w of group) {
              try {
                await this.write(w.events);
                w.resolve();
              } catch (e1) {
                w.reject(e1);
              }
            }
        }
      }
    } finally {
      this.writing = false;
    }
  }
}

const committers = new WeakMap<Database, GroupCommit>();

/**
 * Audit reads (a `personal.read` of each record answered): resolved once the entries are committed to
 * the chain — answer the read only then. Reads arriving together are written together.
 */
export async function auditReads(database: Database, events: Events): Promise<void> {
  if (!events.length) return;
  // The switch is read at each call (an environment look-up), so a benchmark can compare both in one run.
  if (!speedOn("readAuditGroupCommit")) {
    await database.db.transaction((tx) => writeAuditMany(tx, events));
    return;
  }
  let c = committers.get(database);
  if (!c) {
    c = new GroupCommit(database);
    committers.set(database, c);
  }
  await c.submit(events);
}
