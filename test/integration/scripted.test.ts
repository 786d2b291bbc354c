/**
 * Scripted transactions (platform/db.ts `scripted`, `inlined`): the grouped intake sends its
 * statements as scripts of the simple protocol with the values written in as literals. Every value
 * must come back from the database exactly as it went in, a failure anywhere must leave nothing
 * behind, and only a real COMMIT counts as committed — on both drivers. Statements of a fixed shape
 * run prepared: once prepared per connection, then only executed with each run's values.
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, inlined, prepared, quoted } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await database.query("create table script_probe (id int primary key, note text not null, at timestamptz)");
});
afterAll(async () => {
  await database?.close();
});

const count = async () =>
  Number((await database.query<{ n: number }>("select count(*)::int as n from script_probe"))[0].n);

describe("values written into a script", () => {
  const tricky = [
    "",
    "'",
    "''",
    "\\",
    "\\'",
    "$",
    "$$",
    "$q",
    "$q$",
    "a$q",
    "$q$q1$",
    "x$q1",
    "'; drop table script_probe; --",
    "Қорған — «қауіп» 🛡️ \u2028",
    JSON.stringify({ a: 'b"c', d: ["\\n", "$q$"] }),
  ];

  it("come back exactly, whatever they hold (fixed cases and 300 random strings)", async () => {
    const random = fc.sample(
      fc.string({ unit: fc.constantFrom("$", "q", "1", "2", "'", "\\", '"', "a", "ә", " "), maxLength: 12 }),
      150,
    );
    const unicode = fc.sample(fc.string({ unit: "grapheme", maxLength: 40 }), 150);
    const all = [...tricky, ...random, ...unicode].filter((s) => !s.includes("\u0000"));
    const script = all.map((s, i) => `select ${i} as i, ${quoted(s)}::text as v`).join(";\n");
    const rows = await database.scripted((run) => run(script));
    expect(rows.map((r) => r[0].v)).toEqual(all);
  });

  it("inlined Drizzle statements keep every kind of value, and refuse a stray placeholder", async () => {
    const at = new Date("2026-12-01T10:00:00.123Z");
    const q = sql`select ${"it's $1"}::text as s, ${42}::int as n, ${true}::boolean as b, ${null}::text as z,
      ${at}::timestamptz as at, ${JSON.stringify({ k: "v'$" })}::jsonb as j`;
    const [[row]] = await database.scripted((run) => run(inlined(q)));
    expect(row).toMatchObject({ s: "it's $1", n: 42, b: true, z: null, j: { k: "v'$" } });
    // Dates as text, as Drizzle's raw queries give them.
    expect(new Date(String(row.at)).toISOString()).toBe(at.toISOString());
    expect(() => inlined(sql`select '$1' as x`)).toThrow(/stray/);
  });
});

describe("a scripted transaction", () => {
  it("commits in the last script's round trip and gives each statement's rows", async () => {
    const out = await database.scripted(async (run) => {
      const [a, b] = await run(
        "insert into script_probe values (1, 'one'); select count(*)::int as n from script_probe",
      );
      expect(a).toEqual([]);
      expect(b).toEqual([{ n: 1 }]);
      const [c] = await run("insert into script_probe values (2, 'two') returning note", { commit: true });
      return c;
    });
    expect(out).toEqual([{ note: "two" }]);
    expect(await count()).toBe(2);
  });

  it("leaves nothing behind when a later script fails or the caller throws", async () => {
    const before = await count();
    await expect(
      database.scripted(async (run) => {
        await run("insert into script_probe values (10, 'kept?')");
        await run("insert into script_probe values (11, null)", { commit: true }); // not null: fails
      }),
    ).rejects.toThrow();
    await expect(
      database.scripted(async (run) => {
        await run("insert into script_probe values (12, 'kept?')");
        throw new Error("caller gives up");
      }),
    ).rejects.toThrow("caller gives up");
    expect(await count()).toBe(before);
    // The connection is usable afterwards.
    await database.scripted((run) => run("insert into script_probe values (13, 'after')", { commit: true }));
    expect(await count()).toBe(before + 1);
  });

  it("fails, committing nothing, when its connection is cut between scripts (server)", async () => {
    if (database.driver !== "postgres") return; // PGlite: one in-process connection, nothing to cut
    const before = await count();
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await expect(
        database.scripted(async (run) => {
          const [[{ pid }]] = await run(
            "select pg_backend_pid() as pid; insert into script_probe values (20, 'lost')",
          ).then((r) => [r[0]] as unknown as [[{ pid: number }]]);
          await admin.query("select pg_terminate_backend($1)", [pid]);
          await run("insert into script_probe values (21, 'lost')", { commit: true });
        }),
      ).rejects.toThrow();
    } finally {
      await admin.end();
    }
    expect(await count()).toBe(before);
    // The pool replaced the dead connection.
    expect(await database.scripted((run) => run("select 1 as one"))).toEqual([[{ one: 1 }]]);
  });
});

describe("a prepared statement in a script", () => {
  const insert = (id: number, note: string) =>
    prepared(
      sql`insert into script_probe (id, note) select x.id, x.note from jsonb_to_recordset(${JSON.stringify([{ id, note }])}::jsonb) as x(id int, note text) returning id, note`,
    );
  it("has one name for one shape, whatever the values, and keeps every value exactly", async () => {
    const a = insert(30, "a");
    const b = insert(31, "it's $q$ \\ «б» 🛡️");
    expect(a.name).toBe(b.name);
    expect(a.definition).toBe(b.definition);
    expect(a.call).not.toBe(b.call);
    const out = await database.scripted(async (run) => {
      const [first] = await run(a);
      const [second, third] = await run([b, "select count(*)::int as n from script_probe where id >= 30"], {
        commit: true,
      });
      return [first, second, third];
    });
    expect(out).toEqual([[{ id: 30, note: "a" }], [{ id: 31, note: "it's $q$ \\ «б» 🛡️" }], [{ n: 2 }]]);
  });

  it("is prepared once per connection, survives a rolled-back transaction, and still answers after a column is added", async () => {
    await expect(
      database.scripted(async (run) => {
        await run(insert(40, "rolled back"));
        throw new Error("caller gives up");
      }),
    ).rejects.toThrow("caller gives up");
    expect(await count()).toBeGreaterThan(0);
    expect((await database.query("select 1 from script_probe where id = 40")).length).toBe(0);
    // Prepared already (not undone by the rollback): running it again neither prepares it twice nor fails.
    await database.scripted((run) => run(insert(41, "again"), { commit: true }));
    // A migration adds a column meanwhile: the plan is made again, its result is the same columns.
    await database.query("alter table script_probe add column extra text");
    const [[row]] = await database.scripted((run) => run(insert(42, "after the change"), { commit: true }));
    expect(row).toEqual({ id: 42, note: "after the change" });
    // On whichever connection it ran, that connection holds it exactly once (many runs, 12 groups in
    // parallel on a server's pool).
    const held = await Promise.all(
      Array.from({ length: 12 }, (_, k) =>
        database.scripted(async (run) => {
          const [, [{ n }]] = await run([
            insert(60 + k, "held"),
            `select count(*)::int as n from pg_prepared_statements where name = ${quoted(insert(0, "").name)}`,
          ]);
          return n;
        }),
      ),
    );
    expect(held).toEqual(held.map(() => 1));
  });

  it("a failing execution rolls back like any statement and leaves the statement usable", async () => {
    const before = await count();
    await expect(
      database.scripted((run) => run([insert(50, "kept?"), insert(50, "duplicate key")], { commit: true })),
    ).rejects.toThrow();
    expect(await count()).toBe(before);
    await database.scripted((run) => run(insert(50, "now"), { commit: true }));
    expect(await count()).toBe(before + 1);
  });
});
