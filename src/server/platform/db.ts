/**
 * Database: PGlite embedded (default, data dir locked) or a PostgreSQL server (DATABASE_URL).
 * One Drizzle schema and one set of migrations for both.
 */
import { existsSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { type DirLock, lockDataDir } from "./lock";
import { LOCKS } from "./locks";
import { projectPath } from "./paths";

/**
 * The Drizzle client. It is built without a schema object: queries name their tables (each module's
 * own `*.tables.ts`), so platform needs to know no module. The tables are gathered for migrations by
 * drizzle.config.ts.
 */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  /** Run raw SQL and get rows (both drivers). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** The PGlite instance (embedded only), e.g. for dumpDataDir. */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The server's connection string (PostgreSQL only), e.g. for a LISTEN connection. */
  url?: string;
};

export const MIGRATIONS_DIR = projectPath("drizzle");

/** Trigram word-similarity threshold used by typo-tolerant search. */
export const WORD_SIMILARITY_THRESHOLD = 0.35;

export type DbConfig = {
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  /** An already open PGlite (tests clone a seeded template into memory). */
  pglite?: PGlite;
};

export async function openDatabase(cfg: DbConfig): Promise<Database> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl, cfg.poolSize ?? 10);
  if (cfg.pglite) return wrapPglite(cfg.pglite, null);
  return openPglite(cfg.dataDir ?? ".qorgan/db");
}

async function openPglite(dataDir: string): Promise<Database> {
  const lock: DirLock | null = dataDir.startsWith("memory://") ? null : lockDataDir(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    await client.exec(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  } catch (e) {
    lock?.release();
    throw e;
  }
  return wrapPglite(client, lock);
}

function wrapPglite(client: PGlite, lock: DirLock | null): Database {
  const db = drizzlePglite(client, { casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    pglite: client,
    async query(text, params) {
      return (await client.query(text, params as unknown[])).rows as never;
    },
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    options: `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY_THRESHOLD} -c timezone=UTC`,
  });
  pool.on("error", () => {
    /* an idle client lost its connection; the pool replaces it */
  });
  // A connection lost while checked out (in a transaction) says so on its client, which the pool
  // listens to only while idle: without a listener of its own that would end the process. The
  // failing query rejects anyway, and the pool drops the client when it is released.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  const db = drizzlePg(pool, { casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    pool,
    url,
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows as never;
    },
    async close() {
      await pool.end();
    },
  };
}

/** Apply committed migrations. On a server, instances starting together serialise on an advisory lock. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (!existsSync(MIGRATIONS_DIR)) throw new Error(`Migrations not found at ${MIGRATIONS_DIR}`);
  if (database.driver === "pglite") {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCKS.migrations]);
    await migratePg(drizzlePg(client) as never, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCKS.migrations]).catch(() => {});
    client.release();
  }
}

/**
 * PGlite runs no autovacuum, so nothing refreshes planner statistics by itself. At start, analyze
 * the tables whose size moved by more than a tenth (and a few pages) since their statistics were
 * taken — pg_class.relpages, set by ANALYZE, against the size on disk — rather than everything on
 * every start (about 0.6 s on the benchmark's data). Returns the tables analyzed.
 * `tables` limits the check to those; `growth` is the share of change that counts (0.1: a tenth).
 */
export async function refreshStatistics(
  database: Database,
  { tables, growth = 0.1 }: { tables?: readonly string[]; growth?: number } = {},
): Promise<string[]> {
  const stale = await database.query<{ t: string }>(
    `select quote_ident(c.relname) as t
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and ($1::text[] is null or c.relname = any($1::text[]))
        and abs(pg_relation_size(c.oid) / current_setting('block_size')::int - c.relpages)
            > 4 + c.relpages * $2::float8
      order by 1`,
    [tables ? [...tables] : null, growth],
  );
  if (stale.length) await database.query(`analyze ${stale.map((r) => r.t).join(", ")}`);
  return stale.map((r) => r.t);
}

export async function ping(database: Database): Promise<boolean> {
  await database.db.execute(sql`select 1`);
  return true;
}
