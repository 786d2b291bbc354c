/** Property test (issue #2 §7): random bodies thrown at every write route never cause a 500 or a change. */
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let admin: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 100_000 } });
  admin = await signIn(app, "admin");
  ids.org = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
  ids.commission = await findBodyId(admin, `kind=commission&territory=${ALMATY}`);
  const d = (await admin.get(`/api/bodies/${ids.commission}`)).json();
  ids.membership = d.members[0].id;
  const inc = await admin.post(
    "/api/incidents",
    { type: "other", occurredAt: new Date().toISOString(), territoryCode: ALMATY, description: "fuzz" },
    { "idempotency-key": "fuzz-setup-0001" },
  );
  ids.incident = inc.json().id;
  const atc = await findBodyId(admin, "kind=atc");
  ids.plan = (await admin.post("/api/plans", { bodyId: atc, year: 2031 })).json().id;
  ids.meeting = (
    await admin.post("/api/meetings", {
      bodyId: atc,
      heldAt: "2031-01-10T10:00:00+05:00",
      agenda: [{ title: "fuzz", speakers: [] }],
    })
  ).json().id;
  const m = (
    await admin.post(`/api/meetings/${ids.meeting}/decisions`, {
      text: "fuzz",
      executorIds: [ids.org],
      deadline: "2031-02-01",
    })
  ).json();
  const signed = (await admin.post(`/api/meetings/${ids.meeting}/sign`, { version: m.version })).json();
  ids.assignment = signed.assignments[0].id;
  ids.meeting2 = (
    await admin.post("/api/meetings", { bodyId: atc, heldAt: "2031-02-10T10:00:00+05:00" })
  ).json().id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const anyJson = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      kind: fc.oneof(fc.constantFrom("organisation", "partner", "commission", "response_force"), fc.string()),
      subtype: fc.oneof(fc.constantFrom("media", "state_fire", null), fc.string()),
      nameKk: fc.oneof(fc.string(), fc.constant(""), fc.string({ minLength: 301, maxLength: 400 })),
      nameRu: fc.string(),
      territoryCode: fc.oneof(fc.constantFrom(ALMATY, "KZ", "123", "999999999"), fc.string()),
      bin: fc.oneof(fc.stringMatching(/^\d{12}$/), fc.string(), fc.constant(null)),
      version: fc.oneof(fc.integer(), fc.double(), fc.string()),
      phone: fc.string(),
      email: fc.string(),
      capacity: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
      memberBodyId: fc.oneof(fc.uuid(), fc.string()),
      role: fc.oneof(fc.constantFrom("chair", "member"), fc.string()),
      username: fc.string(),
      password: fc.string(),
      newPassword: fc.string(),
      locale: fc.string(),
      code: fc.string(),
      year: fc.oneof(fc.integer({ min: 2019, max: 2101 }), fc.string()),
      bodyId: fc.oneof(fc.uuid(), fc.string()),
      category: fc.oneof(fc.constantFrom("legal", "organisational", "propaganda"), fc.string()),
      title: fc.string(),
      goals: fc.oneof(fc.array(fc.constantFrom("suppress_act", "unite_efforts")), fc.string()),
      zoneTerritories: fc.oneof(fc.array(fc.constantFrom("750000000", "123")), fc.string()),
      indicators: fc.oneof(fc.dictionary(fc.constantFrom("events_held", "x"), fc.integer()), fc.string()),
      action: fc.oneof(
        fc.constantFrom("acknowledge", "close", "hand_over", "report", "request_extension"),
        fc.string(),
      ),
      reason: fc.oneof(fc.constantFrom("false_alarm"), fc.string()),
      occurredAt: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      description: fc.string(),
      heldAt: fc.oneof(fc.constantFrom("2031-03-01T10:00:00+05:00", "2031-03-01"), fc.string()),
      agenda: fc.oneof(fc.array(fc.record({ title: fc.string(), speakers: fc.constant([]) })), fc.string()),
      attendance: fc.oneof(fc.array(fc.record({ bodyId: fc.uuid(), present: fc.boolean() })), fc.string()),
      text: fc.string(),
      executorIds: fc.oneof(fc.array(fc.uuid()), fc.string()),
      deadline: fc.oneof(fc.constantFrom("2031-05-01", "2031-02-30"), fc.string()),
      comment: fc.string(),
      newDeadline: fc.oneof(fc.constantFrom("2031-06-01", "1999-01-01"), fc.string()),
      attachments: fc.oneof(
        fc.array(
          fc.record({
            filename: fc.string(),
            mime: fc.constantFrom("text/plain", "x"),
            contentBase64: fc.base64String(),
          }),
        ),
        fc.string(),
      ),
      contentBase64: fc.oneof(fc.base64String(), fc.string()),
      offshore: fc.oneof(fc.boolean(), fc.string()),
      lat: fc.oneof(fc.double(), fc.string()),
      casualties: fc.oneof(fc.integer(), fc.constant(null)),
    },
    { requiredKeys: [] },
  ),
);

const routes = () =>
  [
    ["POST", "/api/bodies"],
    ["PATCH", `/api/bodies/${ids.org}`],
    ["DELETE", `/api/bodies/${ids.org}?version=abc`],
    ["POST", `/api/bodies/${ids.commission}/members`],
    ["PATCH", `/api/memberships/${ids.membership}`],
    ["POST", "/api/auth/sign-in"],
    ["PATCH", "/api/auth/me"],
    ["POST", "/api/auth/password"],
    ["POST", "/api/auth/totp/enable"],
    ["PATCH", "/api/bodies/not-a-uuid"],
    ["POST", "/api/incidents"],
    ["POST", `/api/incidents/${ids.incident}/actions`],
    ["POST", `/api/incidents/${ids.incident}/merge`],
    ["POST", "/api/operations"],
    ["POST", "/api/plans"],
    ["POST", `/api/plans/${ids.plan}/measures`],
    ["POST", `/api/plans/${ids.plan}/approve`],
    ["POST", `/api/plans/${ids.plan}/import`],
    ["POST", `/api/plans/${ids.plan}/import?dryRun=true`],
    ["POST", "/api/meetings"],
    ["PATCH", `/api/meetings/${ids.meeting2}`],
    ["POST", `/api/meetings/${ids.meeting2}/decisions`],
    ["POST", `/api/meetings/${ids.meeting2}/sign`],
    ["POST", `/api/assignments/${ids.assignment}/actions`],
  ] as const;

describe("random input on write routes", () => {
  it("never answers 500, always a JSON error with a code, and changes nothing it rejects", async () => {
    const countRows = async () =>
      (
        await database.query<{ n: string }>(
          "select (select count(*) from body) + (select count(*) from membership) + (select count(*) from meeting) as n",
        )
      )[0].n;
    const before = await countRows();
    let created = 0;
    const _n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), anyJson, async ([method, url], payload) => {
        const res = await app.inject({
          method,
          url,
          payload: payload as never,
          headers: { cookie: admin.cookie },
        });
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(typeof res.json().code).toBe("string");
        if (res.statusCode === 201) created++;
      }),
      { numRuns: 300, seed: 1404 },
    );
    expect(Number(await countRows())).toBe(Number(before) + created);
  });
});
