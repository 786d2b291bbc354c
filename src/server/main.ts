/** Entry: config → database (migrated, optionally seeded) → app → listen. */
import { buildApp } from "./app";
import type { RuntimeConfig } from "./config";
import { personalDataSettingsFrom, startRetentionJob } from "./modules/affected-people";
import { prepareAuditCheckpoints } from "./modules/audit";
import { defaultConsequencesConfig, startConsequencesJobs } from "./modules/consequences";
import { defaultIncidentsConfig, startIncidentJobs } from "./modules/incidents";
import { mailConfigFrom, startMailWorker } from "./modules/mail";
import { startControlJob } from "./modules/prevention";
import { bodyById, countTerritories, demoBodyFor } from "./modules/registry";
import { startThreatLevelJobs } from "./modules/threat-levels";
import { startPassportReminders } from "./modules/vulnerable-objects";
import { startOnlineBackups } from "./platform/backup-schedule";
import { defaultBulkReadSettings } from "./platform/bulk-read-admission";
import { migrateDatabase, openDatabase, refreshStatistics } from "./platform/db";
import { startEventLogPurge } from "./platform/event-log";
import { defaultHeavyWorkSettings } from "./platform/heavy-work";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "./seed/demo-accounts";
import { seedAll } from "./seed/seed";

export async function startServer(
  cfg: RuntimeConfig & { demo?: boolean; logStream?: NodeJS.WritableStream },
  log: (m: string) => void = console.log,
) {
  const t0 = performance.now();
  // Checked before anything opens: a wrong mail setting stops the start with a clear message.
  const mail = mailConfigFrom(cfg, `http://${cfg.host}:${cfg.port}`);
  // Likewise the audit checkpoints' settings; their signing key is created on the first start.
  const checkpoints = prepareAuditCheckpoints(cfg);
  // And the personal-data key (QORGAN_PD_KEY, or a key file beside the embedded data directory).
  const personalData = personalDataSettingsFrom({
    env: process.env,
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
  });
  const database = await openDatabase({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    poolSize: cfg.poolSize,
  });
  try {
    await migrateDatabase(database);
    if ((await countTerritories(database.db)) === 0) {
      log(
        "First start: loading territories and the bodies of the Rules" +
          (cfg.demo ? " with demo data" : "") +
          "…",
      );
      await seedAll(
        database,
        { demo: cfg.demo, demoCases: cfg.demo, demoYear: cfg.demo, demoThreatLevel: cfg.demo, personalData },
        (m) => log(`  ${m}`),
      );
    } else if (database.driver === "pglite") {
      // PGlite runs no autovacuum: refresh the planner statistics that went stale.
      await refreshStatistics(database);
    }
    const app = await buildApp({
      database,
      config: {
        logger: cfg.logger,
        requestLog: cfg.requestLog,
        logLevel: cfg.logLevel,
        logStream: cfg.logStream,
        secureCookies: cfg.secureCookies,
        mail,
        trustedProxies: cfg.trustedProxies,
        publicUrl: cfg.publicUrl,
        heavyWork: { ...defaultHeavyWorkSettings, concurrency: cfg.heavyConcurrency, queue: cfg.heavyQueue },
        bulkReads: cfg.shedBulkReads ? defaultBulkReadSettings : null,
        personalData,
      },
    });
    await app.listen({ host: cfg.host, port: cfg.port });
    // The jobs' messages, whatever the request log: JSON lines through the app's logger; the jobs say
    // what went wrong in a sentence ("… failed: …", "… not sent …"), which is an error, the rest a warning.
    const jobLog = (m: string) => (/ failed\b| not sent\b/.test(m) ? app.log.error(m) : app.log.warn(m));
    // Unacknowledged reports move up the HQ chain (R18); every instance may run it (advisory lock).
    const stopEscalation = startIncidentJobs(database, defaultIncidentsConfig, jobLog);
    // Assignments under control (R5): reminders, overdue, escalation to the higher commission;
    // with SMTP configured each signal also queues an e-mail, which the mail worker sends.
    const stopControl = startControlJob(
      database,
      { remindDaysBefore: cfg.remindDaysBefore, escalateAfterDays: cfg.escalateAfterDays },
      60_000,
      jobLog,
      mail,
    );
    // Threat levels start and expire by themselves: recorded once across instances (advisory lock).
    // Bodies that did not confirm their measures in time are reported to their territory's HQ.
    // Consequence tasks past their deadline escalate to the activating HQ/commission; plan reviews remind (R21).
    const stopConsequences = startConsequencesJobs(database, defaultConsequencesConfig, 30_000, jobLog);
    const stopThreatLevels = startThreatLevelJobs(database, 10_000, jobLog, mail);
    // Owners are reminded once per state when a protection passport falls due, expires or goes stale (Law art. 10-2).
    const stopPassportReminders = startPassportReminders(database, 10 * 60_000, jobLog, mail);
    // Closed records of affected people past QORGAN_PD_RETENTION_DAYS are anonymised (Law No. 94-V).
    const stopRetention = startRetentionJob(database, personalData.retentionDays, 6 * 3_600_000, jobLog);
    const stopMail = mail ? startMailWorker(database, mail, 10_000, jobLog) : async () => {};
    // The event log that live boards catch up from keeps QORGAN_EVENT_RETENTION_HOURS.
    const stopEventLogPurge = startEventLogPurge(database.db, cfg.eventRetentionHours, 10 * 60_000, (e) =>
      app.log.error({ err: e }, "event log purge failed"),
    );
    // Signed checkpoints of the audit chain, outside the database: now, periodically, on shutdown.
    const stopCheckpoints = checkpoints.start(database, jobLog);
    // Online backups of the embedded database: `qorgan backup` asks through a local socket; a schedule when set.
    const stopBackups = await startOnlineBackups(
      database,
      {
        dataDir: cfg.dataDir,
        schedule: cfg.backupDir
          ? { dir: cfg.backupDir, everyMinutes: cfg.backupEveryMinutes, keep: cfg.backupKeep }
          : undefined,
      },
      jobLog,
    );
    const addr = app.server.address();
    const port = typeof addr === "object" && addr ? addr.port : cfg.port;
    const url = `http://${cfg.host}:${port}`;
    log(
      `Qorgan is running at ${url}  (database: ${database.driver}${cfg.databaseUrl ? "" : `, ${cfg.dataDir}`}; e-mail ${mail ? "on" : "off"}; ready in ${Math.round(performance.now() - t0)} ms)`,
    );
    log(checkpoints.summary);
    log(
      `Personal data: key from ${personalData.keySource}; closed records kept ${personalData.retentionDays} days`,
    );
    if (cfg.demo) {
      log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
      const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.username.length));
      for (const a of DEMO_ACCOUNTS) {
        // The body the account's role is held in (its name in Russian, as the console is read by all).
        const held = await demoBodyFor(database.db, a.body);
        const b = held && (await bodyById(database.db, held.id));
        log(`  ${a.username.padEnd(width)}  ${a.role.padEnd(22)}  ${b ? b.nameRu || b.nameKk : "—"}`);
      }
    }
    let closing = false;
    const close = async () => {
      if (closing) return;
      closing = true;
      stopEscalation();
      stopControl();
      stopThreatLevels();
      stopPassportReminders();
      stopConsequences();
      stopRetention();
      stopEventLogPurge();
      await stopMail();
      await app.close();
      await stopCheckpoints();
      await stopBackups();
      await database.close();
    };
    return { app, database, url, port, close };
  } catch (e) {
    await database.close();
    throw e;
  }
}
