/**
 * Read audits written together (modules/audit/read-audit-group-commit.ts), on PGlite and PostgreSQL:
 * reads arriving at once share one chained insert, every entry is there once and the chain verifies;
 * an entry that cannot be written fails its own read only; with the switch off each is written alone.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditReads } from "../../src/server/modules/audit";
import { verifyAudit } from "../../src/server/modules/audit/audit.service";
import { type RequestContext, systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const read = (ctx: RequestContext, entityId: string) =>
  auditReads(database, [
    { ctx, entry: { action: "personal.read", entityType: "affected_person", entityId, territoryPath: "KZ" } },
  ]);

const entriesOf = (ids: string[]) =>
  database.query<{ entity_id: string; at: Date; id: string }>(
    "select entity_id, at, id::text from audit_event where entity_id = any($1::text[]) order by id",
    [ids],
  );

describe("read audits written together", () => {
  it("reads at once: one entry each, in one write, and the chain verifies", async () => {
    const ids = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(ids.map((id) => read(systemContext("read-test"), id)));
    const rows = await entriesOf(ids);
    expect(rows.map((r) => r.entity_id).sort()).toEqual([...ids].sort());
    // Arrived in the same turn: written by one insert (one time for all).
    expect(new Set(rows.map((r) => r.at.getTime())).size).toBe(1);
    const v = await verifyAudit(database);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
  });

  it("an entry that cannot be written fails its own read; the others are written", async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    // An actor id that is not a uuid: the insert of its entry fails.
    const bad: RequestContext = {
      ...systemContext("read-test"),
      user: { id: "not-a-uuid" } as RequestContext["user"],
    };
    const results = await Promise.allSettled(
      ids.map((id, i) => read(i === 3 ? bad : systemContext("read-test"), id)),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    const rows = await entriesOf(ids);
    expect(rows.map((r) => r.entity_id).sort()).toEqual(ids.filter((_, i) => i !== 3).sort());
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("with QORGAN_READ_AUDIT_GROUP_COMMIT=off each read is written on its own, all of them", async () => {
    const ids = Array.from({ length: 10 }, () => randomUUID());
    process.env.QORGAN_READ_AUDIT_GROUP_COMMIT = "off";
    try {
      await Promise.all(ids.map((id) => read(systemContext("read-test"), id)));
    } finally {
      delete process.env.QORGAN_READ_AUDIT_GROUP_COMMIT;
    }
    expect((await entriesOf(ids)).length).toBe(10);
    expect((await verifyAudit(database)).ok).toBe(true);
  });
});
