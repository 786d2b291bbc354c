/** Entry: config → database (migrated, optionally seeded) → app → listen. */
import { count } from "drizzle-orm";
import { buildApp } from "./app";
import type { RuntimeConfig } from "./config";
import { defaultIncidentsConfig, startIncidentJobs } from "./modules/incidents/incidents.service";
import { mailConfigFrom, startMailWorker } from "./modules/mail/mail.service";
import { startControlJob } from "./modules/prevention/assignments.service";
import { territory } from "./modules/registry/registry.tables";
import { migrateDatabase, openDatabase, refreshStatistics } from "./platform/db";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-accounts";
import { seedAll } from "./seed/seed";

export async function startServer(
  cfg: RuntimeConfig & { demo?: boolean },
  log: (m: string) => void = console.log,
) {
  const t0 = performance.now();
  // Checked before anything opens: a wrong mail setting stops the start with a clear message.
  const mail = mailConfigFrom(cfg, `http://${cfg.host}:${cfg.port}`);
  const database = await openDatabase({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    poolSize: cfg.poolSize,
  });
  try {
    await migrateDatabase(database);
    const [{ n }] = await database.db.select({ n: count() }).from(territory);
    if (Number(n) === 0) {
      log(
        "First start: loading territories and the bodies of the Rules" +
          (cfg.demo ? " with demo data" : "") +
          "…",
      );
      await seedAll(database, { demo: cfg.demo }, (m) => log(`  ${m}`));
    } else if (database.driver === "pglite") {
      // PGlite runs no autovacuum: refresh the planner statistics that went stale.
      await refreshStatistics(database);
    }
    const app = await buildApp({
      database,
      config: { logger: cfg.logger, secureCookies: cfg.secureCookies, mail },
    });
    await app.listen({ host: cfg.host, port: cfg.port });
    // Unacknowledged reports move up the HQ chain (R18); every instance may run it (advisory lock).
    const stopEscalation = startIncidentJobs(database, defaultIncidentsConfig, (m) => app.log.warn(m));
    // Assignments under control (R5): reminders, overdue, escalation to the higher commission;
    // with SMTP configured each signal also queues an e-mail, which the mail worker sends.
    const stopControl = startControlJob(
      database,
      { remindDaysBefore: cfg.remindDaysBefore, escalateAfterDays: cfg.escalateAfterDays },
      60_000,
      (m) => app.log.warn(m),
      mail,
    );
    const stopMail = mail ? startMailWorker(database, mail, 10_000, (m) => app.log.warn(m)) : async () => {};
    const addr = app.server.address();
    const port = typeof addr === "object" && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host}:${port}`;
    log(
      `Qorgan is running at ${url}  (database: ${database.driver}${cfg.databaseUrl ? "" : `, ${cfg.dataDir}`}; e-mail ${mail ? "on" : "off"}; ready in ${Math.round(performance.now() - t0)} ms)`,
    );
    if (cfg.demo) {
      log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
      const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
      for (const a of DEMO_ACCOUNTS) log(`  ${a.username.padEnd(width)}  ${a.role}`);
    }
    let closing = false;
    const close = async () => {
      if (closing) return;
      closing = true;
      stopEscalation();
      stopControl();
      await stopMail();
      await app.close();
      await database.close();
    };
    return { app, database, url, port, close };
  } catch (e) {
    await database.close();
    throw e;
  }
}
