/**
 * Intake batching — speed mechanism (switch: QORGAN_INTAKE_BATCHING=off).
 *
 * Buys: about six times the intake rate under load. bench/incidents.ts, intake part (PostgreSQL 15,
 * 50 connections, 2026-12-06): ~1,000 reports/s with it, 154–178 without; p50 35–60 ms against
 * 260–305 ms; CPU per report 0.35 ms of the server and 0.25 ms of PostgreSQL against 1.6–2.3 and
 * 1.3–1.6 ms (docs/internals.md, "Speed mechanisms").
 *
 * Why: every report is audited, and the audit log is one hash chain, so every filing transaction
 * takes the chain's lock and the chain's head; filed one by one, reports queue on that lock, one
 * transaction each. Here every report that arrives while a group is being filed waits for the next
 * group, and each group is filed by one call of `file` — one transaction, one lock, one statement
 * for all the reports and one for all their audit entries (intake.ts). With one report in flight
 * nobody waits for a timer: a group starts at the end of the event loop's turn in which its first
 * report arrived. A group that fails as a whole is filed again item by item, so one bad report
 * cannot fail the others. Each request is answered only when its group has committed.
 *
 * Switched off, intake.ts files each report on its own as it comes (`fileReports` with one item).
 */

/** `file` answers one result per item, in order; an Error is that item's rejection. */
export type FileGroup<I, R> = (items: I[]) => Promise<(R | Error)[]>;

type Waiting<I, R> = { item: I; resolve(r: R): void; reject(e: unknown): void };

export class Batcher<I, R> {
  private queue: Waiting<I, R>[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly file: FileGroup<I, R>,
    /** The most items filed together. */
    private readonly maxGroup: number,
    /** Groups in flight at once (on a server one files while the next waits for the chain's lock). */
    private readonly parallel: number,
  ) {}

  submit(item: I): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Start at the end of this turn of the event loop, so items that arrived together go together
      // (on the embedded database a group's queries never yield to the next request).
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump() {
    while (this.running < this.parallel && this.queue.length) {
      const group = this.queue.splice(0, this.maxGroup);
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(group: Waiting<I, R>[]) {
    const settle = (w: Waiting<I, R>, r: R | Error) => (r instanceof Error ? w.reject(r) : w.resolve(r));
    try {
      const results = await this.file(group.map((w) => w.item));
      group.forEach((w, i) => {
        settle(w, results[i]);
      });
    } catch (e) {
      if (group.length === 1) return group[0].reject(e);
      // The group failed as a whole: each item alone, so one bad item cannot fail the others.
      for (const w of group) {
        try {
          settle(w, (await this.file([w.item]))[0]);
        } catch (e1) {
          w.reject(e1);
        }
      }
    }
  }
}
