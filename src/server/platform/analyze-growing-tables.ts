/**
 * Analyze growing tables — speed mechanism (switch: QORGAN_ANALYZE_GROWING_TABLES=off).
 *
 * Buys: planner statistics for tables that grow fast from few rows — incident reports in a crisis,
 * on a fresh installation. bench/growing-tables.ts (a fresh embedded database analyzed empty, 15,000
 * reports, 2026-12-06): 0.6–1.3 ms per report with it; without, 2.2 ms over the first thousand,
 * rising to 4–5 ms by the ten-thousandth, and on for as long as the process runs. bench/incidents.ts
 * shows no difference (its fresh database was never analyzed empty, and autovacuum steps in).
 *
 * PostgreSQL plans each foreign-key check once per connection and keeps the plan until the table's
 * statistics change. Planned while the referenced table was almost empty, the check reads the whole
 * table, for every row written, for as long as the plan is kept (test/integration/statistics.test.ts
 * shows the plan change). Autovacuum takes statistics at most once a minute (PGlite never). So the
 * writer tells the watch how many rows it wrote, and every `every` rows the watch analyzes its
 * tables if they doubled in size since their statistics were taken: a few ANALYZEs while a table is
 * young, rarely afterwards. Never waits, never throws. Switched off, it does nothing (autovacuum
 * alone, on a server).
 */
import { type Database, refreshStatistics } from "./db";
import { speedOn } from "./speed-switches";

export class GrowthWatch {
  private since = 0;
  private running = false;
  private readonly enabled = speedOn("analyzeGrowingTables");

  constructor(
    private readonly database: Database,
    private readonly tables: readonly string[],
    private readonly every = 100,
  ) {}

  /** `n` rows were written to the watched tables. */
  grew(n: number): void {
    if (!this.enabled) return;
    this.since += n;
    if (this.running || this.since < this.every) return;
    this.since = 0;
    this.running = true;
    refreshStatistics(this.database, { tables: this.tables, growth: 1 })
      .catch(() => {
        // Only the plans suffer (and the database may be closing): try again after `every` more rows.
      })
      .finally(() => {
        this.running = false;
      });
  }

  /** Resolves when no refresh is running (tests). */
  async settled(): Promise<void> {
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }
}
