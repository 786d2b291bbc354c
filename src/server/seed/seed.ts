/** `qorgan seed`: territories (KATO), the bodies the Rules create from them, and optionally the demo. */

import { importTerritories } from "../modules/registry/territories.import";
import type { Database } from "../platform/db";
import { type DemoResult, seedDemo } from "./demo.seed";
import { ensureSystemBodies } from "./registry.seed";

export type SeedOptions = {
  demo?: boolean;
  demoUsers?: boolean;
  settlements?: boolean;
  organisations?: number;
};
export type SeedResult = { territories: number; systemBodies: number; demo?: DemoResult };

export async function seedAll(
  database: Database,
  opts: SeedOptions = {},
  progress: (msg: string) => void = () => {},
): Promise<SeedResult> {
  progress("territories (KATO)…");
  const territories = await database.db.transaction((tx) =>
    importTerritories(tx, { settlements: opts.settlements ?? true }),
  );
  progress(`${territories} territories; commissions, operational HQs and akimats…`);
  const sys = await database.db.transaction((tx) => ensureSystemBodies(tx));
  progress(`${sys.total} bodies created from the territory tree (${sys.created} new)`);
  let demo: DemoResult | undefined;
  if (opts.demo) {
    progress("demo registry and accounts…");
    demo = await seedDemo(database, { users: opts.demoUsers ?? true, organisations: opts.organisations });
  }
  // Fresh statistics so the planner picks the trigram and path indexes (PGlite has no autovacuum).
  await database.query("analyze");
  return { territories, systemBodies: sys.total, demo };
}
