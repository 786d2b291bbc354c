/**
 * Routing's reference reads (territories, operational HQs, reporting bodies) are held in memory
 * (modules/incidents/routing-cache.ts) only while the instance hears of changes: an HQ
 * deactivated, renamed or brought back — even in plain SQL — routes the very next reports anew.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { verifyAudit } from "../../src/server/modules/audit/audit.service";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  reporter = await signIn(app, "reporter");
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** File a report in Almaty's Almaly district; the HQ it was routed to. */
async function routedTo(): Promise<{ id: string; names: { ru: string } }> {
  const res = await reporter.post(
    "/api/incidents",
    {
      type: "suspicious_object",
      occurredAt: new Date().toISOString(),
      territoryCode: "751710000",
      description: "Иесіз сөмке",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().hq;
}

/** Reports until one is routed as `want` says (a server hears NOTIFY within milliseconds). */
async function routedSoon(want: (hq: { id: string; names: { ru: string } }) => boolean) {
  const t0 = Date.now();
  for (;;) {
    const hq = await routedTo();
    if (want(hq) || Date.now() - t0 > 3000) return hq;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("routing's reads held in memory", () => {
  it("an HQ deactivated, renamed and brought back in plain SQL routes the next reports anew", async () => {
    const first = await routedTo();
    expect((await routedTo()).id).toBe(first.id);
    const [republican] = await database.query<{ id: string }>(
      "select id from body where kind = 'hq' and subtype = 'republican'",
    );
    expect(first.id).not.toBe(republican.id);

    await database.query("update body set active = false where id = $1", [first.id]);
    try {
      // No active HQ for the territory: the republican HQ receives it.
      expect((await routedSoon((h) => h.id === republican.id)).id).toBe(republican.id);
    } finally {
      await database.query("update body set active = true where id = $1", [first.id]);
    }
    expect((await routedSoon((h) => h.id === first.id)).id).toBe(first.id);

    const [{ name_ru }] = await database.query<{ name_ru: string }>(
      "select name_ru from body where id = $1",
      [first.id],
    );
    await database.query("update body set name_ru = $2 where id = $1", [first.id, `${name_ru} (проверка)`]);
    try {
      expect((await routedSoon((h) => h.names.ru.endsWith("(проверка)"))).names.ru).toBe(
        `${name_ru} (проверка)`,
      );
    } finally {
      await database.query("update body set name_ru = $2 where id = $1", [first.id, name_ru]);
    }
    // Every report above was audited in a group; the chain verifies from the stored rows.
    const chain = await verifyAudit(database);
    expect(chain.problems).toEqual([]);
    expect(chain.checked).toBeGreaterThan(5);
  });
});
