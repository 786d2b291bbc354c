/**
 * The test database template: migrated and seeded (territories, bodies of the Rules, demo data and
 * accounts) once per run, then cloned for every test file — a fresh PGlite per test would cost
 * seconds and hundreds of MB. PGlite: a data-dir tarball cached under .tmp/ by a hash of what
 * shapes it; PostgreSQL: a template database.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { backupTo } from "../../src/server/platform/backup";
import { migrateDatabase, openDatabase } from "../../src/server/platform/db";
import { seedAll } from "../../src/server/seed/seed";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TMP = join(ROOT, ".tmp");

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** A hash of everything that shapes the seeded database. */
export function templateKey(): string {
  const h = createHash("sha256");
  const files = [
    ...filesUnder(join(ROOT, "drizzle")),
    ...filesUnder(join(ROOT, "src/server/seed")),
    // All of the modules: the seeds (demo ones included) file their records through the modules'
    // services, so a service's change can change the seeded rows.
    ...filesUnder(join(ROOT, "src/server/modules")),
    ...filesUnder(join(ROOT, "src/domain")),
    ...filesUnder(join(ROOT, "data")).filter((f) => /\.(csv|geojson)$/.test(f)),
  ].sort();
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest("hex").slice(0, 16);
}

export const TEMPLATE_DB = "qorgan_test_template";

/** Build the PGlite template tarball unless a current one exists; returns its path. */
export async function ensurePgliteTemplate(): Promise<string> {
  mkdirSync(TMP, { recursive: true });
  const file = join(TMP, `template-${templateKey()}.tar.gz`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    await migrateDatabase(database);
    await seedAll(database, { demo: true });
    const tmp = `${file}.${process.pid}.part`;
    await backupTo(database, tmp);
    renameSync(tmp, file);
  } finally {
    await database.close();
  }
  return file;
}

export function adminUrl(url: string, dbName = "postgres"): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

/** (Re)build the template database on the PostgreSQL server at `url`. */
export async function ensurePostgresTemplate(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await admin.query(`create database ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ databaseUrl: adminUrl(url, TEMPLATE_DB), poolSize: 4 });
  try {
    await migrateDatabase(database);
    await seedAll(database, { demo: true });
  } finally {
    await database.close();
  }
}
