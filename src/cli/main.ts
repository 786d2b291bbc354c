/** The `qorgan` command: start · migrate · seed · user add · territories import · backup · restore · audit verify · audit checkpoint. */
import { readFileSync } from "node:fs";
import { Command, Option } from "commander";
import { roles } from "../domain/roles";
import { configFromEnv } from "../server/config";
import { startServer } from "../server/main";
import { personalDataSettingsFrom, purgeExpiredPersons } from "../server/modules/affected-people";
import { createUser } from "../server/modules/auth";
import { seedNational } from "../server/modules/prevention";
import { importTerritories } from "../server/modules/registry";
import { seedNationalObjects } from "../server/modules/vulnerable-objects";
import { backupTo, restoreFrom, writeBackupFile } from "../server/platform/backup";
import { backupFromServer, backupSocketPath } from "../server/platform/backup-socket";
import { systemContext } from "../server/platform/context";
import { type Database, migrateDatabase, openDatabase } from "../server/platform/db";
import { AppError } from "../server/platform/errors";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../server/seed/demo-accounts";
import { seedAll } from "../server/seed/seed";
import { auditCommands } from "./audit";

const env = configFromEnv();
const program = new Command("qorgan").description(
  "Qorgan — organisation of counter-terrorism activity (Decree No. 1404)",
);
const dataDirOption = () =>
  new Option("--data-dir <dir>", "embedded database directory (PGlite)").default(env.dataDir);

async function withDb<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: env.databaseUrl, dataDir });
  try {
    await migrateDatabase(database);
    return await fn(database);
  } finally {
    await database.close();
  }
}

program
  .command("start")
  .description("start the web server (migrates; loads territories on first start)")
  .option("--demo", "on first start, also load the demo registry and one account per role")
  .option("--port <n>", "port", String(env.port))
  .option("--host <host>", "interface to bind", env.host)
  .addOption(dataDirOption())
  .action(async (o) => {
    const server = await startServer({
      ...env,
      dataDir: o.dataDir,
      port: Number(o.port),
      host: o.host,
      demo: !!o.demo,
    });
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      process.once(sig, () => {
        console.log(`\n${sig}: stopping…`);
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  });

program
  .command("migrate")
  .description("apply database migrations")
  .addOption(dataDirOption())
  .action(async (o) => {
    await withDb(o.dataDir, async () => console.log("Migrations applied."));
  });

program
  .command("seed")
  .description(
    "load territories and the bodies the Rules create from them; --demo adds demo data and accounts",
  )
  .option("--demo", "demo registry (state bodies, organisations, partners, forces, memberships)")
  .option("--no-demo-users", "with --demo: do not create the demo accounts")
  .option("--no-settlements", "skip settlements (levels 3–4 of KATO)")
  .option(
    "--scale <scale>",
    "national: add a national-scale synthetic data set for benchmarks (plans, measures, reports, assignments; vulnerable objects with passports)",
  )
  .option("--years <n>", "with --scale national: how many years of plans", "10")
  .option("--measures <n>", "with --scale national: measures per plan", "450")
  .option("--objects <n>", "with --scale national: synthetic vulnerable objects with passports", "50000")
  .addOption(dataDirOption())
  .action(async (o) => {
    await withDb(o.dataDir, async (db) => {
      const personalData = personalDataSettingsFrom({
        env: process.env,
        databaseUrl: env.databaseUrl,
        dataDir: o.dataDir,
      });
      const opts = {
        demo: o.demo,
        demoUsers: o.demoUsers,
        settlements: o.settlements,
        demoCases: o.demo,
        demoYear: o.demo,
        demoThreatLevel: o.demo,
        personalData,
      };
      const r = await seedAll(db, opts, (m) => console.log(m));
      console.log(JSON.stringify(r, null, 2));
      if (o.scale) {
        if (o.scale !== "national") throw new Error(`unknown scale "${o.scale}" (expected: national)`);
        console.log("National-scale prevention data set:");
        const n = await seedNational(
          db,
          { years: Number(o.years), measuresPerPlan: Number(o.measures) },
          (m) => console.log(m),
        );
        console.log(JSON.stringify(n, null, 2));
        console.log("National-scale vulnerable objects:");
        const v = await seedNationalObjects(db, { count: Number(o.objects) }, (m) => console.log(m));
        console.log(JSON.stringify(v, null, 2));
      }
      if (o.demo && o.demoUsers) {
        console.log(
          `Demo accounts (password "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => a.username).join(", ")}`,
        );
      }
    });
  });

program
  .command("territories")
  .description("territory reference data")
  .command("import")
  .description("(re)import territories from data/ (idempotent)")
  .option("--no-settlements", "skip settlements")
  .addOption(dataDirOption())
  .action(async (o) => {
    await withDb(o.dataDir, async (db) => {
      const n = await db.db.transaction((tx) => importTerritories(tx, { settlements: o.settlements }));
      console.log(`${n} territories imported.`);
    });
  });

program
  .command("personal-data")
  .description("personal data of affected people (Law No. 94-V)")
  .command("purge")
  .description("anonymise closed records older than QORGAN_PD_RETENTION_DAYS (audited)")
  .addOption(dataDirOption())
  .action(async (o) => {
    await withDb(o.dataDir, async (db) => {
      const pd = personalDataSettingsFrom({
        env: process.env,
        databaseUrl: env.databaseUrl,
        dataDir: o.dataDir,
      });
      const n = await purgeExpiredPersons(db, pd.retentionDays, {
        ctx: systemContext("cli:personal-data purge"),
      });
      console.log(`${n} closed record(s) older than ${pd.retentionDays} days anonymised.`);
    });
  });

const user = program.command("user").description("accounts");
user
  .command("add")
  .description("create an account; the password is read from QORGAN_PASSWORD or the first line of stdin")
  .requiredOption("--username <name>")
  .requiredOption("--name <display name>")
  .addOption(new Option("--role <role>").choices([...roles]).makeOptionMandatory())
  .requiredOption("--body <uuid>", "the body the role is held in")
  .requiredOption("--territory <code>", "territory subtree the role covers (KATO code, KZ for the republic)")
  .option("--email <address>", "e-mail for reminders and escalations (sent when SMTP is configured)")
  .addOption(dataDirOption())
  .action(async (o) => {
    const password = process.env.QORGAN_PASSWORD ?? readFileSync(0, "utf8").split(/\r?\n/)[0];
    await withDb(o.dataDir, async (db) => {
      const u = await createUser(db, systemContext("cli:user add"), {
        username: o.username,
        displayName: o.name,
        password,
        email: o.email,
        grants: [{ role: o.role, bodyId: o.body, territoryCode: o.territory }],
      });
      console.log(`Account ${u.username} created (${u.id}).`);
    });
  });

program
  .command("backup <file>")
  .description(
    "write a consistent copy of the embedded database to a .tar.gz file, taken by the running server when there is one (with PostgreSQL: use pg_dump)",
  )
  .addOption(dataDirOption())
  .action(async (file: string, o) => {
    if (env.databaseUrl)
      throw new Error("With DATABASE_URL use pg_dump / pg_basebackup: backup covers the embedded database.");
    // A running server holds the data directory: it takes the copy between its queries.
    const fromServer = await backupFromServer(backupSocketPath(o.dataDir));
    if (fromServer) {
      writeBackupFile(file, fromServer);
      console.log(`Backup written to ${file} (${fromServer.length} bytes, taken by the running server).`);
      return;
    }
    await withDb(o.dataDir, async (db) => {
      const size = await backupTo(db, file);
      console.log(`Backup written to ${file} (${size} bytes).`);
    });
  });

program
  .command("restore <file>")
  .description(
    "restore the embedded database from a backup into an empty (or --force: replaced) data directory",
  )
  .option("--force", "replace an existing data directory")
  .addOption(dataDirOption())
  .action(async (file: string, o) => {
    await restoreFrom(file, o.dataDir, !!o.force);
    console.log(`Restored ${file} into ${o.dataDir}.`);
  });

auditCommands(program, { env, withDb, dataDirOption });

program.parseAsync(process.argv).catch((e: unknown) => {
  if (e instanceof AppError)
    console.error(`Error: ${e.code} ${JSON.stringify(e.fields.length ? e.fields : e.vars)}`);
  else console.error(`Error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
