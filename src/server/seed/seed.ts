/**
 * `qorgan seed`: territories (KATO), the bodies the Rules create from them, and optionally the demo —
 * each module seeds its own tables through its public face; this file only orders the steps.
 */
import { createUser, userIdByName } from "../modules/auth";
import {
  type DemoRegistryResult,
  demoBodyFor,
  ensureSystemBodies,
  importTerritories,
  seedDemoRegistry,
} from "../modules/registry";
import { systemContext } from "../platform/context";
import type { Database } from "../platform/db";
import { DEMO_ACCOUNTS, DEMO_CITY, DEMO_PASSWORD } from "./demo-accounts";

export type SeedOptions = {
  demo?: boolean;
  demoUsers?: boolean;
  settlements?: boolean;
  organisations?: number;
};
export type DemoResult = DemoRegistryResult & { users: number };
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
    const registry = await seedDemoRegistry(database, { city: DEMO_CITY, organisations: opts.organisations });
    demo = { ...registry, users: opts.demoUsers === false ? 0 : await seedDemoUsers(database) };
  }
  // Fresh statistics so the planner picks the trigram and path indexes (PGlite has no autovacuum).
  await database.query("analyze");
  return { territories, systemBodies: sys.total, demo };
}

/** One account per role (DEMO_ACCOUNTS); skips accounts that exist. */
export async function seedDemoUsers(database: Database): Promise<number> {
  let made = 0;
  for (const a of DEMO_ACCOUNTS) {
    if (await userIdByName(database.db, a.username)) continue;
    const b = await demoBodyFor(database.db, a.body);
    if (!b) throw new Error(`demo seed: no ${a.body.kind} for ${a.username}; seed the registry first`);
    await createUser(database, systemContext("seed"), {
      username: a.username,
      displayName: a.displayName,
      password: DEMO_PASSWORD,
      grants: [{ role: a.role, bodyId: b.id, territoryCode: a.scope }],
    });
    made++;
  }
  return made;
}
