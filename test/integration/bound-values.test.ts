/**
 * Values are bound as parameters, never written into SQL text (platform/sql.ts `insertRowsSql`:
 * many rows as one JSON parameter): whatever a value holds, it comes back from the database exactly
 * as it went in, and the statement's text does not depend on it. A failing statement rolls its
 * transaction back; a transaction whose connection is cut fails, commits nothing, and the process
 * and the pool carry on — on both drivers.
 */
import { sql } from "drizzle-orm";
import { integer, PgDialect, pgTable, text } from "drizzle-orm/pg-core";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/server/platform/db";
import { insertRowsSql, mapRows, rowsOf } from "../../src/server/platform/sql";
import { openTestDatabase } from "../support/db";

const probe = pgTable("bound_probe", { id: integer("id").primaryKey(), note: text("note").notNull() });

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.query("create table bound_probe (id int primary key, note text not null)");
});
afterAll(async () => {
  await database?.close();
});

const count = async () =>
  Number((await database.query<{ n: number }>("select count(*)::int as n from bound_probe"))[0].n);

const insert = (rows: { id: number; note: string }[]) => insertRowsSql(probe, rows);

describe("values bound, never written into the statement", () => {
  const tricky = [
    "",
    "'",
    "''",
    "\\",
    "\\'",
    "$",
    "$$",
    "$q$",
    "$1",
    "'; drop table bound_probe; --",
    "Қорған — «қауіп» 🛡️ \u2028",
    JSON.stringify({ a: 'b"c', d: ["\\n", "$q$"] }),
  ];

  it("come back exactly, whatever they hold (fixed cases and 300 random strings)", async () => {
    const random = fc.sample(
      fc.string({ unit: fc.constantFrom("$", "q", "1", "'", "\\", '"', "a", "ә", " ", ";"), maxLength: 12 }),
      150,
    );
    const unicode = fc.sample(fc.string({ unit: "grapheme", maxLength: 40 }), 150);
    const notes = [...tricky, ...random, ...unicode].filter((s) => !s.includes("\u0000"));
    const rows = notes.map((note, id) => ({ id, note }));
    const back = await database.db.transaction((tx) => rowsOf<Record<string, unknown>>(tx, insert(rows)));
    expect(mapRows(probe, back)).toEqual(rows);
    const stored = await database.query<{ note: string }>("select note from bound_probe order by id");
    expect(stored.map((r) => r.note)).toEqual(notes);
    await database.query("delete from bound_probe");
  });

  it("the statement's text is the same for any rows: only the parameter differs", () => {
    const dialect = new PgDialect({ casing: "snake_case" });
    const a = dialect.sqlToQuery(insert([{ id: 1, note: "a" }]));
    const b = dialect.sqlToQuery(
      insert([
        { id: 2, note: "it's $1" },
        { id: 3, note: "$q$" },
      ]),
    );
    expect(a.sql).toBe(b.sql);
    expect(a.params).toHaveLength(1);
    expect(a.sql).not.toContain("it's");
  });
});

describe("a failing statement", () => {
  it("rolls its transaction back, and the next one runs", async () => {
    const run = (rows: { id: number; note: string }[]) =>
      database.db.transaction((tx) => rowsOf(tx, insert(rows)));
    await run([{ id: 10, note: "ten" }]);
    await expect(
      run([
        { id: 11, note: "kept?" },
        { id: 10, note: "duplicate" },
      ]),
    ).rejects.toThrow();
    await expect(
      database.db.transaction(async (tx) => {
        await rowsOf(tx, insert([{ id: 12, note: "rolled back" }]));
        throw new Error("caller gives up");
      }),
    ).rejects.toThrow("caller gives up");
    expect(await count()).toBe(1);
    expect(await run([{ id: 13, note: "after" }])).toEqual([{ id: 13, note: "after" }]);
    expect(await count()).toBe(2);
  });
});

describe("a transaction whose connection is cut (server)", () => {
  it("fails, commits nothing, and the pool and the process carry on", async () => {
    if (database.driver !== "postgres") return; // PGlite: one in-process connection, nothing to cut
    const before = await count();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await expect(
        database.db.transaction(async (tx) => {
          const [{ pid }] = await rowsOf<{ pid: number }>(tx, sql`select pg_backend_pid() as pid`);
          await rowsOf(tx, insert([{ id: 500, note: "lost" }]));
          await admin.query("select pg_terminate_backend($1)", [pid]);
          await new Promise((r) => setTimeout(r, 100)); // the client hears of it (an 'error' event)
          await rowsOf(tx, insert([{ id: 501, note: "lost" }]));
        }),
      ).rejects.toThrow();
    } finally {
      await admin.end();
    }
    expect(await count()).toBe(before);
    // The pool replaced the dead connection.
    expect(await database.query("select 1 as one")).toEqual([{ one: 1 }]);
  });
});
