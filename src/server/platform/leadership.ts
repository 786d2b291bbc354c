/**
 * One instance at a time leads a background job whose state lives in memory (the wave index):
 * the holder of a session advisory lock, taken on a connection of its own. PostgreSQL releases the
 * lock when that connection ends — the instance stopped, crashed or lost the server — and the next
 * instance to ask takes over. Without a leader the job's lock would go to whichever instance came
 * first at each pass, and every change of hands reloads the index (up to 50,000 rows).
 * The job's own per-pass locks stay: a leader that has not yet noticed it lost its connection
 * cannot run a pass at the same time as the new one. The embedded database has one instance: it
 * always leads.
 */
import pg from "pg";
import type { Database } from "./db";

export class Leadership {
  private client: pg.Client | null = null;
  private leading = false;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly key: number,
  ) {}

  /** Whether this instance leads now; asks for the lead when it does not (never throws). */
  async lead(): Promise<boolean> {
    if (this.closed) return false;
    if (this.database.driver === "pglite" || !this.database.url) return true;
    if (this.leading) return true;
    try {
      if (!this.client) {
        const client = new pg.Client({ connectionString: this.database.url });
        const lost = () => {
          if (this.client === client) {
            this.client = null;
            this.leading = false;
          }
        };
        client.on("error", lost);
        client.on("end", lost);
        await client.connect();
        if (this.closed) {
          await client.end();
          return false;
        }
        this.client = client;
      }
      const { rows } = await this.client.query<{ got: boolean }>("select pg_try_advisory_lock($1) as got", [
        this.key,
      ]);
      this.leading = rows[0].got === true;
    } catch {
      const c = this.client;
      this.client = null;
      this.leading = false;
      await c?.end().catch(() => {});
    }
    return this.leading;
  }

  /** Give up the lead (the connection ends, so the lock goes with it). */
  async close(): Promise<void> {
    this.closed = true;
    this.leading = false;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
