/**
 * Database: PGlite embedded (default, data dir locked) or a PostgreSQL server (DATABASE_URL).
 * One Drizzle schema and one set of migrations for both.
 */
import { hash } from "node:crypto";
import { existsSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import * as schema from "../schema";
import { type DirLock, lockDataDir } from "./lock";
import { projectPath } from "./paths";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * A statement run prepared (`prepared`): PostgreSQL parses, analyses and plans its text once per
 * connection; each run sends only `execute name(values)`.
 */
export type Prepared = { readonly name: string; readonly definition: string; readonly call: string };

/** One script of a scripted transaction: statements as text or prepared, in order. */
export type Script = string | Prepared | readonly (string | Prepared)[];

/**
 * Runs one script of a scripted transaction; `commit`: end the transaction in the same round trip.
 * A prepared statement not yet known to the connection is prepared first, in a round trip of its own.
 */
export type ScriptRun = (script: Script, opts?: { commit?: boolean }) => Promise<Record<string, unknown>[][]>;

export type Database = {
  db: Db;
  driver: "pglite" | "postgres";
  /** Run raw SQL and get rows (both drivers). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * One transaction driven by scripts: each `run` sends several statements as one query of the
   * simple protocol — one round trip, each statement with its own snapshot — and gives each
   * statement's rows, mapped as Drizzle's raw queries are (dates as text). A script has no
   * parameters: values go in through `inlined`. Rolled back when `fn` or a script fails. For the
   * hottest path only (grouped intake); everything else uses `db.transaction`.
   */
  scripted<T>(fn: (run: ScriptRun) => Promise<T>): Promise<T>;
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
  const db = drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Db;
  // Its one connection's prepared statements (one set per PGlite, however often it is wrapped).
  let known = preparedOnPglite.get(client);
  if (!known) {
    known = new Set();
    preparedOnPglite.set(client, known);
  }
  return {
    db,
    driver: "pglite",
    pglite: client,
    async query(text, params) {
      return (await client.query(text, params as unknown[])).rows as never;
    },
    // PGlite's transaction holds its only connection, so nothing else runs in between.
    scripted: (fn) =>
      client.transaction((tx) =>
        fn(async (script) => {
          const text = await scriptText(script, known, (d) => tx.exec(d));
          return (await tx.exec(text, { parsers: PGLITE_AS_TEXT })).map((r) => r.rows as never);
        }),
      ),
    async close() {
      await client.close();
      lock?.release();
    },
  };
}

/** The prepared statements of each pooled connection (node-postgres hands out the same clients again). */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
const preparedOnPglite = new WeakMap<PGlite, Set<string>>();

/**
 * A script's text: statements joined, prepared ones as their `execute`. One the connection does not
 * know yet (`known`) is prepared first by `prepare`, on its own: it counts as known only once that
 * has succeeded (PREPARE is not undone by a rollback, so it stays known whatever the script does).
 */
async function scriptText(
  script: Script,
  known: Set<string>,
  prepare: (definition: string) => Promise<unknown>,
): Promise<string> {
  if (typeof script === "string") return script;
  const parts = (Array.isArray(script) ? script : [script]) as readonly (string | Prepared)[];
  for (const p of parts)
    if (typeof p !== "string" && !known.has(p.name)) {
      await prepare(p.definition);
      known.add(p.name);
    }
  return parts.map((p) => (typeof p === "string" ? p : p.call)).join(";\n");
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
  const db = drizzlePg(pool, { schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "postgres",
    pool,
    url,
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows as never;
    },
    async scripted(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection lost while checked out says so on the client (the pool listens only to idle ones):
      // without a listener that would end the process. The failing or next query rejects anyway.
      const lost = (e: Error) => {
        broken = e;
      };
      client.on("error", lost);
      const tx = { state: "none" as "none" | "open" | "done" };
      let known = preparedOn.get(client);
      if (!known) {
        known = new Set();
        preparedOn.set(client, known);
      }
      const run: ScriptRun = async (script, opts) => {
        const body = await scriptText(script, known, (d) => client.query(d));
        const first = tx.state === "none";
        const text = `${first ? "begin;\n" : ""}${body}${opts?.commit ? ";\ncommit" : ""}`;
        tx.state = "open";
        const res = (await client.query({ text, types: PG_AS_TEXT })) as unknown as
          | pg.QueryResult
          | pg.QueryResult[];
        const results = Array.isArray(res) ? res : [res];
        if (opts?.commit) {
          // Acknowledge nothing unless the server says COMMIT (an aborted transaction says ROLLBACK).
          if (results.at(-1)?.command !== "COMMIT") throw new Error("scripted transaction: not committed");
          tx.state = "done";
          results.pop();
        }
        if (first) results.shift();
        return results.map((r) => r.rows);
      };
      try {
        const out = await fn(run);
        if (tx.state === "open") await client.query("commit");
        tx.state = "done";
        return out;
      } catch (e) {
        if (tx.state === "open")
          await client.query("rollback").catch((r: Error) => {
            broken = r; // the connection is gone: the pool must not hand it out again
          });
        throw e;
      } finally {
        client.off("error", lost);
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Dates, intervals and their arrays as text, as Drizzle's raw queries give them (node-postgres). */
const RAW_TYPES: ReadonlySet<number> = new Set([1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231]);
const PG_AS_TEXT = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    RAW_TYPES.has(oid)
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
/** The same for PGlite (as Drizzle's PGlite session maps them). */
const PGLITE_AS_TEXT = Object.fromEntries([1082, 1114, 1184, 1186].map((oid) => [oid, (v: string) => v]));

/**
 * A Drizzle statement as text with its values written in as SQL literals, for a `scripted` run:
 * strings dollar-quoted (`quoted`), numbers and booleans as they are, dates as ISO text, objects as
 * JSON text. The statement's own text must hold no "$n" outside its parameters (checked: every
 * parameter is used exactly once).
 */
export function inlined(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const used = new Set<number>();
  const out = text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length || used.has(i)) throw new Error(`inlined: stray $${n} in the statement`);
    used.add(i);
    return literal(params[i]);
  });
  if (used.size !== params.length) throw new Error("inlined: a parameter is not in the statement");
  return out;
}

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * A Drizzle statement to run prepared in a scripted transaction: its text, with its parameters as
 * $n, becomes the prepared statement (named after a hash of the text, so statements of the same
 * shape share one); this run's values are written into the `execute` as SQL literals. Only for
 * statements whose text does not change with the values (a fixed column list, values as one jsonb
 * parameter), and with an explicit result column list (a plan cached before a migration that adds a
 * column then still returns the same columns).
 */
export function prepared(query: SQL): Prepared {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const name = `qorgan_${hash("sha256", text, "hex").slice(0, 24)}`;
  return {
    name,
    definition: `prepare ${name} as ${text}`,
    call: params.length ? `execute ${name}(${params.map(literal).join(", ")})` : `execute ${name}`,
  };
}

/**
 * A string as a dollar-quoted SQL literal: PostgreSQL takes everything between the tags as it is
 * (no escapes), so only the tag must not occur in the text — it is `$q$`, or `$q1$`, `$q2$`… when
 * it does. A scan for the tag instead of an escape of every character (the literals are the
 * grouped intake's JSON, tens of kB).
 */
export function quoted(text: string): string {
  let tag = "$q$";
  for (let k = 1; text.includes(tag) || text.endsWith(tag.slice(0, -1)); k++) tag = `$q${k}$`;
  return `${tag}${text}${tag}`;
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quoted(v);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error("inlined: not a finite number");
    return String(v);
  }
  if (typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (v instanceof Date) return quoted(v.toISOString());
  return quoted(JSON.stringify(v));
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
    await client.query("SELECT pg_advisory_lock(727001)");
    await migratePg(drizzlePg(client) as never, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await client.query("SELECT pg_advisory_unlock(727001)").catch(() => {});
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

/**
 * Planner statistics for tables that grow fast from few rows — incident reports in a crisis, on a
 * fresh installation. PostgreSQL plans each foreign-key check once per connection and keeps the
 * plan until the table's statistics change. Planned while the referenced table was almost empty,
 * the check reads the whole table, for every row written, for as long as the plan is kept: on the
 * intake benchmark that was two thirds of PostgreSQL's time. Autovacuum takes statistics at most
 * once a minute (PGlite never). So the writer tells the watch how many rows it wrote, and every
 * `every` rows the watch analyzes its tables if they doubled in size since their statistics were
 * taken: a few ANALYZEs while a table is young, rarely afterwards. Never waits, never throws.
 */
export class GrowthWatch {
  private since = 0;
  private running = false;

  constructor(
    private readonly database: Database,
    private readonly tables: readonly string[],
    private readonly every = 100,
  ) {}

  /** `n` rows were written to the watched tables. */
  grew(n: number): void {
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

export async function ping(database: Database): Promise<boolean> {
  await database.db.execute(sql`select 1`);
  return true;
}
