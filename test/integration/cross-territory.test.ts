/**
 * Every response route refuses someone from another territory. An HQ officer of Qonaev
 * (Almaty region) tries every incident, campaign and operation route on Almaty city's records.
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
let reporter: Client;
let hq: Client;
let outsider: Client;
let incidentId: string;
let secondId: string;
let campaignId: string;
let operationId: string;
let forceId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  const [konaevHq] = await database.query<{ id: string }>(
    "select id from body where kind = 'hq' and territory_code = '191000000'",
  );
  await createUser(database, systemContext("test"), {
    username: "konaev-hq",
    displayName: "Test officer",
    password: "a-long-test-password",
    grants: [{ role: "hq_officer", bodyId: konaevHq.id, territoryCode: "191000000" }],
  });
  [reporter, hq] = await Promise.all([signIn(app, "reporter"), signIn(app, "hq")]);
  outsider = await signIn(app, "konaev-hq", "a-long-test-password");
  const file = async () =>
    (
      await reporter.post(
        "/api/incidents",
        {
          type: "threat_message",
          occurredAt: new Date().toISOString(),
          territoryCode: "750000000",
          description: "Cross-territory wave text for the test",
        },
        { "idempotency-key": randomUUID() },
      )
    ).json().id as string;
  incidentId = await file();
  secondId = await file();
  await groupWaves(database);
  campaignId = (await hq.get(`/api/incidents/${incidentId}`)).json().campaignId;
  const third = await file();
  await hq.post(`/api/incidents/${third}/actions`, { action: "acknowledge", version: 1 });
  const op = (
    await hq.post("/api/operations", {
      title: "T",
      goals: ["ensure_safety"],
      zoneTerritories: ["750000000"],
      incidentIds: [third],
    })
  ).json();
  operationId = op.id;
  const [force] = await database.query<{ id: string }>(
    "select id from body where kind = 'response_force' and territory_code = '750000000' limit 1",
  );
  forceId = (await hq.post(`/api/operations/${op.id}/forces`, { bodyId: force.id })).json().forces[0].id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("an HQ officer of another territory", () => {
  it("cannot see or act on another area's reports, waves and operations", async () => {
    const refused = (status: number) => expect([403, 404]).toContain(status);
    refused((await outsider.get(`/api/incidents/${incidentId}`)).statusCode);
    refused(
      (await outsider.post(`/api/incidents/${incidentId}/actions`, { action: "acknowledge", version: 1 }))
        .statusCode,
    );
    refused(
      (await outsider.post(`/api/incidents/${incidentId}/merge`, { duplicateId: secondId, version: 1 }))
        .statusCode,
    );
    expect(campaignId).toBeTruthy();
    refused((await outsider.get(`/api/campaigns/${campaignId}`)).statusCode);
    refused(
      (await outsider.post(`/api/campaigns/${campaignId}/close`, { reason: "knowingly_false_report" }))
        .statusCode,
    );
    refused((await outsider.get(`/api/operations/${operationId}`)).statusCode);
    refused((await outsider.post(`/api/operations/${operationId}/take-over`, { version: 1 })).statusCode);
    refused(
      (await outsider.post(`/api/operations/${operationId}/forces`, { bodyId: randomUUID() })).statusCode,
    );
    refused(
      (await outsider.patch(`/api/operation-forces/${forceId}`, { status: "en_route", version: 1 }))
        .statusCode,
    );
    refused((await outsider.post(`/api/operations/${operationId}/log`, { entryType: "other" })).statusCode);
    refused((await outsider.post(`/api/operations/${operationId}/incidents`, { incidentId })).statusCode);
    refused((await outsider.post(`/api/operations/${operationId}/end`, { version: 1 })).statusCode);
    refused(
      (
        await outsider.put(`/api/operations/${operationId}/referral`, {
          version: 1,
          investigatingBody: "X",
          caseNumber: "1",
          date: "2026-01-01",
        })
      ).statusCode,
    );
    refused((await outsider.get(`/api/operations/${operationId}/summary.pdf`)).statusCode);
    refused((await outsider.get(`/api/operations/${operationId}/summary.xlsx`)).statusCode);
    expect(
      (await outsider.get("/api/incidents?limit=500")).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(incidentId);
    expect((await outsider.get("/api/campaigns")).json().items).toEqual([]);
    expect((await outsider.get("/api/operations")).json().total).toBe(0);
    expect((await outsider.get("/api/incidents/picture?days=1")).json().regions).toEqual([]);
    // …and nothing changed.
    expect((await hq.get(`/api/incidents/${incidentId}`)).json().status).toBe("received");
    expect((await hq.get(`/api/operations/${operationId}`)).json()).toMatchObject({
      status: "active",
      version: 1,
    });
  });
});
