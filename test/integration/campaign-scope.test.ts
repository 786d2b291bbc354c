/**
 * Hardening issue: a campaign's list entry and detail are computed from the reports the reader may
 * read — counts, regions, start, last report, the text shown — never from another territory's.
 * A wave with two reports in Almaty city and one in Qonaev (Almaty region), each side filed by its
 * own reporter and seen by its own HQ.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { groupWaves } from "../../src/server/modules/incidents/waves";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let cityReporter: Client;
let cityHq: Client;
let konaevReporter: Client;
let konaevHq: Client;
const cityText = "Scope wave: a bomb in the school, evacuate everyone now";
const konaevText = "Scope wave: a bomb in the school, evacuate everyone now!! Qonaev";
const receivedAt = new Map<string, Date>();

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  const [hqBody] = await database.query<{ id: string }>(
    "select id from body where kind = 'hq' and territory_code = '191000000'",
  );
  const [orgBody] = await database.query<{ id: string; territory_code: string }>(
    "select id, territory_code from body where territory_code = '191000000' and kind not in ('hq', 'commission') order by id limit 1",
  );
  const ctx = systemContext("test");
  await createUser(database, ctx, {
    username: "scope-konaev-hq",
    displayName: "Test officer",
    password: "a-long-test-password",
    grants: [{ role: "hq_officer", bodyId: hqBody.id, territoryCode: "191000000" }],
  });
  await createUser(database, ctx, {
    username: "scope-konaev-reporter",
    displayName: "Test reporter",
    password: "a-long-test-password",
    grants: [{ role: "organisation_reporter", bodyId: orgBody.id, territoryCode: orgBody.territory_code }],
  });
  [cityReporter, cityHq] = await Promise.all([signIn(app, "reporter"), signIn(app, "hq")]);
  konaevReporter = await signIn(app, "scope-konaev-reporter", "a-long-test-password");
  konaevHq = await signIn(app, "scope-konaev-hq", "a-long-test-password");
  const file = async (who: Client, territoryCode: string, description: string) => {
    const res = await who.post(
      "/api/incidents",
      { type: "threat_message", occurredAt: new Date().toISOString(), territoryCode, description },
      { "idempotency-key": randomUUID() },
    );
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  // Qonaev's report first and Almaty city's after it: the campaign's signature and start are Qonaev's,
  // its last report Almaty city's.
  const ids = [await file(konaevReporter, "191000000", konaevText)];
  ids.push(await file(cityReporter, "750000000", cityText));
  ids.push(await file(cityReporter, "750000000", cityText));
  // Spread the times so that each side's last report differs from the campaign's by far.
  for (const [i, id] of ids.entries()) {
    const [row] = await database.query<{ received_at: Date }>(
      "update incident set received_at = now() - make_interval(mins => $2::int) where id = $1 returning received_at",
      [id, 30 - i * 10],
    );
    receivedAt.set(id, new Date(row.received_at));
  }
  expect(await groupWaves(database)).toBeGreaterThanOrEqual(3);
  const [{ n }] = await database.query<{ n: number }>(
    "select count(distinct campaign_id)::int as n from incident where id = any($1) and campaign_id is not null",
    [ids],
  );
  expect(n).toBe(1);
  receivedAt.set("konaev", receivedAt.get(ids[0])!);
  receivedAt.set("city", receivedAt.get(ids[2])!);
  receivedAt.set("konaev first", receivedAt.get(ids[0])!);
  receivedAt.set("city first", receivedAt.get(ids[1])!);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const campaignOf = async (who: Client) => {
  const list = (await who.get("/api/campaigns")).json().items as { id: string; signature: string }[];
  const mine = list.filter((c) => c.signature.startsWith("Scope wave"));
  expect(mine).toHaveLength(1);
  const detail = await who.get(`/api/campaigns/${mine[0].id}`);
  expect(detail.statusCode).toBe(200);
  return { listed: mine[0] as Record<string, unknown>, detail: detail.json() };
};

describe("a campaign across two regions", () => {
  for (const side of ["city", "konaev"] as const) {
    it(`${side}: the reporter and the HQ see counts, times and text of their own side's reports only`, async () => {
      const readers = side === "city" ? [cityReporter, cityHq] : [konaevReporter, konaevHq];
      const own = side === "city" ? 2 : 1;
      for (const who of readers) {
        const { listed, detail } = await campaignOf(who);
        for (const seen of [listed, detail]) {
          expect(seen.total).toBe(own);
          expect(seen.regions).toBe(1);
          expect(seen.lastReportAt).toBe(receivedAt.get(side)!.toISOString());
          expect(seen.signature).toBe(side === "city" ? cityText : konaevText);
          // Not before the side's first report (Qonaev's came 10 minutes before Almaty city's first).
          expect(Date.parse(seen.createdAt as string)).toBeGreaterThanOrEqual(
            receivedAt.get(`${side} first`)!.getTime() - 1,
          );
        }
        expect(detail.reports).toHaveLength(own);
      }
    });
  }
});
