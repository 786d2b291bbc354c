/**
 * Activating consequence plans from a report (R16, R21) through HTTP, on PGlite and PostgreSQL: the
 * HQ's own report is accepted as the source and recorded on the activation (audited); a report of
 * another territory answers exactly as one that does not exist (field `incidentId`), so its existence is
 * not revealed and nothing is activated; not signed in: 401.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let hq: Client;
let hqrep: Client;
let planId: string;

const report = async (c: Client, territoryCode: string) => {
  const res = await c.post(
    "/api/incidents",
    {
      type: "armed_attack",
      occurredAt: new Date(Date.now() - 600_000).toISOString(),
      territoryCode,
      description: "Қарулы шабуыл (көз сынағы)",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; regNumber: string };
};

const activations = async () =>
  Number(
    (await database.query<{ n: string }>("select count(*)::text as n from consequence_activation"))[0].n,
  );

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  const secretary = await signIn(app, "secretary");
  [hq, hqrep] = await Promise.all(["hq", "hqrep"].map((u) => signIn(app, u)));
  const plan = await secretary.post("/api/consequences/plans", {
    territory: ALMATY,
    title: "Сауда орталығы жоспары (көз)",
    scenario: "armed_attack_hostages",
    objectId: null,
    forecast: { casualties: { severe: 0, moderate: 1, light: 1 }, areaHa: 1, evacuate: 20, hazards: [] },
    reviewDate: null,
    tasks: [],
  });
  expect(plan.statusCode, plan.body).toBe(201);
  planId = plan.json().id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("a report as the source of an activation", () => {
  it("the HQ's own report: accepted, on the board and in the audit entry", async () => {
    const inc = await report(hq, ALMATY);
    const res = await hq.post("/api/consequences/activations", { planIds: [planId], incidentId: inc.id });
    expect(res.statusCode, res.body).toBe(201);
    const board = res.json();
    expect(board.incident).toEqual({ id: inc.id, number: inc.regNumber });
    const [a] = await database.query<{ after: { incidentId: string } }>(
      "select after from audit_event where action = 'consequences.activated' and entity_id = $1",
      [board.id],
    );
    expect(a.after.incidentId).toBe(inc.id);
  });

  it("another territory's report answers as an unknown one; nothing is activated", async () => {
    const astana = await report(hqrep, ASTANA);
    const before = await activations();
    const foreign = await hq.post("/api/consequences/activations", {
      planIds: [planId],
      incidentId: astana.id,
    });
    const unknown = await hq.post("/api/consequences/activations", {
      planIds: [planId],
      incidentId: randomUUID(),
    });
    expect(foreign.statusCode).toBe(400);
    const { requestId: _a, ...f } = foreign.json();
    const { requestId: _b, ...u } = unknown.json();
    expect(f).toEqual(u);
    expect(foreign.json().fields[0]).toMatchObject({ path: "incidentId", code: "invalid_value" });
    expect(foreign.body).not.toContain(astana.regNumber);
    expect(await activations()).toBe(before);
    expect(
      (await client(app).post("/api/consequences/activations", { planIds: [planId], incidentId: astana.id }))
        .statusCode,
    ).toBe(401);
  });
});
