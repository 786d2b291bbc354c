/**
 * Intake on a fresh embedded database whose statistics were taken while the reports' tables were
 * empty (a new installation's first crisis), with platform/analyze-growing-tables.ts on and off:
 * ms per report for each 1,000 filed. Without it, PostgreSQL's kept plan of the foreign-key check
 * scans the whole reports' table for every history row written, so the cost per report grows with
 * the table for as long as the process runs (PGlite has no autovacuum).
 * Run: node --import tsx bench/growing-tables.ts  (BENCH_REPORTS, default 15000; not in npm run bench)
 */
import { randomUUID } from "node:crypto";
import { buildApp } from "../src/server/app";
import { migrateDatabase, openDatabase } from "../src/server/platform/db";
import { SPEED_SWITCHES } from "../src/server/platform/speed-switches";
import { DEMO_PASSWORD } from "../src/server/seed/demo-accounts";
import { seedAll } from "../src/server/seed/seed";

const REPORTS = Number(process.env.BENCH_REPORTS ?? 15_000);
const log = (m: string) => process.stdout.write(`${m}\n`);

async function run(on: boolean): Promise<number[]> {
  process.env[SPEED_SWITCHES.analyzeGrowingTables] = on ? "on" : "off";
  const database = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(database);
  await seedAll(database, { demo: true, settlements: false });
  await database.query("analyze incident, incident_event");
  const app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  try {
    const signIn = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "reporter", password: DEMO_PASSWORD },
    });
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0];
    const perThousand: number[] = [];
    let t = performance.now();
    for (let done = 0; done < REPORTS; done += 50) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, k) =>
          app.inject({
            method: "POST",
            url: "/api/incidents",
            headers: { cookie, "idempotency-key": randomUUID() },
            payload: {
              type: "threat_message",
              occurredAt: new Date().toISOString(),
              territoryCode: "751710000",
              description: `Growing tables ${done + k} ${randomUUID()}`,
            },
          }),
        ),
      );
      if (answers.some((a) => a.statusCode !== 201)) throw new Error("a report was not filed");
      if ((done + 50) % 1000 === 0) {
        const now = performance.now();
        perThousand.push((now - t) / 1000);
        t = now;
      }
    }
    return perThousand;
  } finally {
    await app.close();
    await database.close();
  }
}

const on = await run(true);
const off = await run(false);
log(`Intake on a fresh embedded database analyzed empty — ms per report, per 1,000 filed`);
log("| reports filed | analyze growing tables on | off |");
log("|---|---|---|");
on.forEach((ms, i) => {
  log(`| ${(i + 1) * 1000} | ${ms.toFixed(2)} | ${off[i].toFixed(2)} |`);
});
process.exit(0);
