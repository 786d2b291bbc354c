/**
 * `qorgan seed`: territories (KATO), the bodies the Rules create from them, and optionally the demo —
 * each module seeds its own tables through its public face; this file only orders the steps.
 */
import {
  type PersonalDataSettings,
  seedDemoAffectedPeople,
  testPersonalDataSettings,
} from "../modules/affected-people";
import { createUser, userIdByName } from "../modules/auth";
import { seedDemoConsequences } from "../modules/consequences";
import { seedDemoObjectReport, seedDemoPastIncidents } from "../modules/incidents";
import { seedDemoClosedOperation, seedDemoOperation } from "../modules/operations";
import { type DemoYearResult, seedDemoYear } from "../modules/prevention";
import {
  type DemoRegistryResult,
  demoBodyFor,
  ensureSystemBodies,
  importTerritories,
  seedDemoRegistry,
} from "../modules/registry";
import { seedDemoThreatLevel } from "../modules/threat-levels";
import { seedDemoObjects } from "../modules/vulnerable-objects";
import { systemContext } from "../platform/context";
import type { Database } from "../platform/db";
import { DEMO_ACCOUNTS, DEMO_CITY, DEMO_DISTRICT, DEMO_PASSWORD } from "./demo-accounts";

export type SeedOptions = {
  demo?: boolean;
  demoUsers?: boolean;
  settlements?: boolean;
  organisations?: number;
  /**
   * With demo: also a demo incident and the people affected by it (affected people, personal data
   * encrypted with `personalData`'s key). Off unless asked (`start --demo`, `seed --demo`): a filed
   * incident would sit on the demo HQ's board of every test that starts from the seeded template.
   */
  demoCases?: boolean;
  /**
   * With demo: a year of the demo commissions' prevention work (plans, reports, meetings, assignments,
   * exercises). Off unless asked (`start --demo`, `seed --demo`): tests start from a template without it.
   */
  demoYear?: boolean;
  /**
   * With demo: the moderate ("yellow") threat level declared for the demo city a few days ago, with its
   * tasks partly confirmed (Decree No. 611). Off unless asked (`start --demo`, `seed --demo`): tests
   * start from a template where no level is declared.
   */
  demoThreatLevel?: boolean;
  personalData?: PersonalDataSettings;
};
export type DemoResult = DemoRegistryResult & { users: number; year?: DemoYearResult };
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
    // Consequences (R20–R23): forces' details, beds, plans and an activation (needs the demo accounts).
    if (opts.demoUsers !== false) await seedDemoConsequences(database);
    // Vulnerable objects (R10.5): objects with passports in several states, an inspection's order, a programme.
    if (opts.demoUsers !== false) await seedDemoObjects(database, { city: DEMO_CITY });
    // A report naming a demo object and an operation declared over it, with its zone on the map (R16–R18).
    if (opts.demoUsers !== false && opts.demoCases) {
      const report = await seedDemoObjectReport(database, {
        city: DEMO_CITY,
        reporterUsername: "reporter",
        hqUsername: "hq",
      });
      if (report) await seedDemoOperation(database, { hqUsername: "hq", report });
    }
    // Affected people (R20, R21): a demo incident's victims, their help and a compensation paid.
    if (opts.demoUsers !== false && opts.demoCases)
      await seedDemoAffectedPeople(database, opts.personalData ?? testPersonalDataSettings(), {
        city: DEMO_CITY,
        reporterUsername: "hq",
        officerUsername: "victims",
      });
    // Response (R16–R19): past reports closed over the year and an operation ended with its summary.
    if (opts.demoUsers !== false && opts.demoCases) {
      const past = await seedDemoPastIncidents(database, { city: DEMO_CITY, hqUsername: "hq" });
      if (past.forOperation)
        await seedDemoClosedOperation(database, {
          city: DEMO_CITY,
          hqUsername: "hq",
          report: past.forOperation,
        });
    }
    // Prevention (R5–R12): a year of the demo commissions' plans, reports, meetings and exercises.
    if (opts.demoUsers !== false && opts.demoYear) {
      progress("demo year of commission work…");
      demo.year = await seedDemoYear(database, { city: DEMO_CITY, district: DEMO_DISTRICT });
    }
    // Threat level (Decree No. 611; R6, R10.1): the ATC's yellow level for the city, its tasks partly confirmed.
    if (opts.demoUsers !== false && opts.demoThreatLevel) {
      progress("demo threat level…");
      await seedDemoThreatLevel(database, { city: DEMO_CITY });
    }
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
