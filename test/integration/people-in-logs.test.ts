/**
 * Who did it, as a person reads it: the audit log, a report's history, an operation's log and an
 * assignment's history name the person (full name) and their body, not the login; the audit log
 * links each record to its page. PGlite and PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { seedDemoYear } from "../../src/server/modules/prevention";
import type { Database } from "../../src/server/platform/db";
import { DEMO_ACCOUNTS, DEMO_CITY, DEMO_DISTRICT } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let admin: Client;
let auditor: Client;
let reporter: Client;
let hq: Client;
let secretary: Client;

const fullName = (username: string) => DEMO_ACCOUNTS.find((a) => a.username === username)!.displayName;
type Person = {
  id: string;
  fullName: string;
  body: { id: string; names: { kk: string; ru: string } } | null;
};

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoYear(database, { city: DEMO_CITY, district: DEMO_DISTRICT });
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [admin, auditor, reporter, hq, secretary] = await Promise.all(
    ["admin", "auditor", "reporter", "hq", "secretary"].map((u) => signIn(app, u)),
  );
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

function expectPerson(p: Person | null, username: string) {
  expect(p, username).not.toBeNull();
  expect(p!.fullName).toBe(fullName(username));
  expect(p!.body?.names.kk, `${username}'s body`).toBeTruthy();
}

describe("the audit log names people and links records", () => {
  it("answers the actor's full name and body and the record's page", async () => {
    const id = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
    const b = (await admin.get(`/api/bodies/${id}`)).json();
    expect(
      (await admin.patch(`/api/bodies/${id}`, { version: b.version, phone: "+7 727 000 00 01" })).statusCode,
    ).toBe(200);
    const res = await auditor.get(`/api/audit?entityId=${id}&action=body.updated`);
    expect(res.statusCode, res.body).toBe(200);
    const [e] = res.json().items;
    expect(e.actorName).toBe("admin");
    expectPerson(e.actor, "admin");
    expect(e.link).toBe(`/registry/${id}`);
    expect(e.subject).toBeNull();
  });

  it("names the person an account entry is about; an entry without a page has no link", async () => {
    const res = await auditor.get("/api/audit?action=auth.sign_in&actor=hq&limit=5");
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      actor: Person | null;
      entityType: string;
      subject: Person | null;
      link: string | null;
    }[];
    expect(items.length).toBeGreaterThan(0);
    for (const e of items) {
      expectPerson(e.actor, "hq");
      if (e.entityType === "user") {
        expect(e.subject?.fullName).toBe(fullName("hq"));
        expect(e.link).toBeNull();
      }
    }
  });

  it("still answers 401 signed out and 403 to a role without the audit log", async () => {
    expect((await app.inject({ method: "GET", url: "/api/audit" })).statusCode).toBe(401);
    expect((await reporter.get("/api/audit")).statusCode).toBe(403);
  });
});

describe("histories name people and bodies", () => {
  it("a report's history and an operation's log", async () => {
    const filed = await reporter.post(
      "/api/incidents",
      {
        type: "suspicious_object",
        occurredAt: new Date().toISOString(),
        territoryCode: "751710000",
        description: "Иесіз сөмке",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const r = filed.json();
    expect(
      (await hq.post(`/api/incidents/${r.id}/actions`, { action: "acknowledge", version: 1 })).statusCode,
    ).toBe(200);
    const detail = (await hq.get(`/api/incidents/${r.id}`)).json();
    const [first, second] = detail.history as { actor: Person | null; actorName: string }[];
    expectPerson(first.actor, "reporter");
    expectPerson(second.actor, "hq");
    expect(second.actor!.body!.names.kk).not.toBe(first.actor!.body!.names.kk);

    const declared = await hq.post("/api/operations", {
      title: "Иесіз сөмке",
      goals: ["ensure_safety"],
      zoneTerritories: ["751710000"],
      incidentIds: [r.id],
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const op = (await hq.get(`/api/operations/${declared.json().id}`)).json();
    expect(op.log.length).toBeGreaterThan(0);
    for (const l of op.log) expectPerson(l.actor, "hq");
  });

  it("an assignment's history", async () => {
    const list = (await secretary.get("/api/assignments?scope=all&limit=5")).json().items as { id: string }[];
    expect(list.length).toBeGreaterThan(0);
    const a = (await secretary.get(`/api/assignments/${list[0].id}`)).json();
    const people = (a.history as { actor: Person | null; actorName: string }[]).filter((h) => h.actor);
    expect(people.length).toBeGreaterThan(0);
    for (const h of people) {
      expect(h.actor!.fullName).toBe(fullName(h.actorName));
      expect(h.actor!.body).not.toBeNull();
    }
  });
});
