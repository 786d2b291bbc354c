/** A fresh, seeded database for one test file: PGlite (default) or PostgreSQL (TEST_DATABASE_URL). */
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import { type Database, openDatabase, WORD_SIMILARITY_THRESHOLD } from "../../src/server/platform/db";
import { adminUrl, ensurePgliteTemplate, TEMPLATE_DB } from "./template";

export const usingPostgres = () => !!process.env.TEST_DATABASE_URL;

let counter = 0;

export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `qorgan_t_${process.pid}_${Date.now() % 1e7}_${counter++}`;
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
    } finally {
      await admin.end();
    }
    const database = await openDatabase({ databaseUrl: adminUrl(url, name), poolSize: 5 });
    const close = database.close;
    database.close = async () => {
      await close();
      const a = new pg.Client({ connectionString: adminUrl(url) });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await a.end();
    };
    return database;
  }
  const file = await ensurePgliteTemplate();
  const client = await PGlite.create("memory://", {
    loadDataDir: new Blob([readFileSync(file)]),
    extensions: { pg_trgm },
  });
  await client.exec(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  return openDatabase({ pglite: client });
}
