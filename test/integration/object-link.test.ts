/**
 * Reports and consequence plans naming a vulnerable object (Law art. 10-1–10-3; R16, R21): a report names
 * an object its reporter may see, in the report's territory or below it — stored and shown to readers who
 * may see the object, and to nobody else (the list is restricted); the object's reports are listed to
 * those who may read both; a plan's object lies within the plan's territory. Refusals are field errors
 * that leave nothing behind.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { seedDemoObjectReport } from "../../src/server/modules/incidents";
import { seedDemoOperation } from "../../src/server/modules/operations";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let hqrep: Client;
let secretary: Client;
let district: Client;
let atc: Client;
let forcesOfOwner: Client;
let anonymous: Client;
/** An object of the demo reporter's organisation, and one of another owner in the same city. */
let own: { id: string; nameKk: string; nameRu: string; category: string };
let foreign: { id: string };

const PASSWORD = "a-long-test-password";

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [reporter, hq, hqrep, secretary, district, atc] = await Promise.all(
    ["reporter", "hq", "hqrep", "secretary", "district", "atc"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
  const reporterGrant = (await reporter.get("/api/auth/me")).json().grants[0];
  // A response-force coordinator in the owner's own organisation: reads the organisation's reports but
  // is no one who may see the objects (src/domain/vulnerable-objects.ts).
  await createUser(database, systemContext("test"), {
    username: "objlink-forces",
    displayName: "Test coordinator",
    password: PASSWORD,
    grants: [
      {
        role: "response_force_coordinator",
        bodyId: reporterGrant.bodyId,
        territoryCode: reporterGrant.territoryCode,
      },
    ],
  });
  forcesOfOwner = await signIn(app, "objlink-forces", PASSWORD);
  const listed = await reporter.get(`/api/objects?territory=${ALMATY}&limit=200`);
  expect(listed.statusCode, listed.body).toBe(200);
  const mine = listed.json().items;
  own = mine[0];
  const all = (await secretary.get(`/api/objects?territory=${ALMATY}&limit=200`)).json().items;
  foreign = all.find((o: { id: string }) => !mine.some((m: { id: string }) => m.id === o.id));
  expect(own && foreign).toBeTruthy();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const report = (who: Client, extra: Record<string, unknown>) =>
  who.post(
    "/api/incidents",
    {
      type: "attack_on_vulnerable_object",
      occurredAt: new Date(Date.now() - 120_000).toISOString(),
      territoryCode: ALMATY,
      description: `Нападение на объект (проверка связи) ${randomUUID().slice(0, 8)}`,
      ...extra,
    },
    { "idempotency-key": randomUUID() },
  );

const countNaming = async (objectId: string) =>
  Number(
    (
      await database.query<{ n: string }>("select count(*)::text as n from incident where object_id = $1", [
        objectId,
      ])
    )[0].n,
  );

describe("a report naming a vulnerable object", () => {
  let incidentId: string;

  it("is stored and shown when the object is the reporter's and lies in the report's territory", async () => {
    const res = await report(reporter, { objectId: own.id });
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    incidentId = filed.id;
    expect(filed.object).toMatchObject({
      id: own.id,
      nameKk: own.nameKk,
      nameRu: own.nameRu,
      category: own.category,
      territoryCode: ALMATY,
    });
    const [row] = await database.query<{ object_id: string }>(
      "select object_id from incident where id = $1",
      [incidentId],
    );
    expect(row.object_id).toBe(own.id);
    // The city's HQ sees the report and the object it names; so does the republican HQ.
    expect((await hq.get(`/api/incidents/${incidentId}`)).json().object?.id).toBe(own.id);
    expect((await hqrep.get(`/api/incidents/${incidentId}`)).json().object?.id).toBe(own.id);
  });

  it("is listed on the object's card to readers of both, to nobody else", async () => {
    const forHq = (await hq.get(`/api/incidents?object=${own.id}`)).json();
    expect(forHq.items.map((i: { id: string }) => i.id)).toContain(incidentId);
    expect(forHq.items.every((i: { id: string }) => typeof i.id === "string")).toBe(true);
    expect((await reporter.get(`/api/incidents?object=${own.id}`)).json().total).toBeGreaterThanOrEqual(1);
    // Another object's reports do not include it.
    const other = (await hq.get(`/api/incidents?object=${foreign.id}`)).json();
    expect(other.items.map((i: { id: string }) => i.id)).not.toContain(incidentId);
    // A reader of the organisation's reports who may not see objects: neither the object nor the list.
    expect((await forcesOfOwner.get(`/api/incidents/${incidentId}`)).statusCode).toBe(200);
    expect((await forcesOfOwner.get(`/api/incidents/${incidentId}`)).json().object).toBeNull();
    expect((await forcesOfOwner.get(`/api/incidents?object=${own.id}`)).json()).toEqual({
      items: [],
      total: 0,
    });
    expect((await anonymous.get(`/api/incidents?object=${own.id}`)).statusCode).toBe(401);
  });

  it("refuses an object of another territory, another owner's object, and one its reporter may not see", async () => {
    const before = await countNaming(own.id);
    // The republican HQ sees every object, but Almaty's object is not in Astana.
    const outside = await report(hqrep, { objectId: own.id, territoryCode: ASTANA });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields[0]).toMatchObject({
      path: "objectId",
      code: "object_outside_report_territory",
    });
    expect(outside.json().fields[0].message).toBeTruthy();
    // An owner names only its own objects; unknown and invisible are told alike.
    const notMine = await report(reporter, { objectId: foreign.id });
    expect(notMine.statusCode).toBe(400);
    expect(notMine.json().fields[0]).toMatchObject({ path: "objectId", code: "unknown_object" });
    const unknown = await report(reporter, { objectId: randomUUID() });
    expect(unknown.json().fields[0]).toMatchObject({ path: "objectId", code: "unknown_object" });
    const blind = await report(forcesOfOwner, { objectId: own.id });
    expect(blind.statusCode).toBe(400);
    expect(blind.json().fields[0]).toMatchObject({ path: "objectId", code: "unknown_object" });
    const badId = await report(reporter, { objectId: "not-a-uuid" });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().fields[0].path).toBe("objectId");
    // Not signed in (the public): refused before anything is read.
    const publicReport = await report(anonymous, { objectId: own.id });
    expect(publicReport.statusCode).toBe(401);
    expect(await countNaming(own.id)).toBe(before);
    expect(await countNaming(foreign.id)).toBe(0);
  });

  it("without an object files as before and shows none", async () => {
    const res = await report(reporter, { objectId: null });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().object).toBeNull();
    expect((await hq.get(`/api/incidents/${res.json().id}`)).json().object).toBeNull();
  });
});

describe("a consequence plan made for an object (R21)", () => {
  const forecast = { casualties: { severe: 0, moderate: 1, light: 2 }, areaHa: 1, evacuate: 50, hazards: [] };
  const planBody = (extra: Record<string, unknown>) => ({
    territory: ALMATY,
    title: "Объектке арналған жоспар (тест)",
    scenario: "explosion",
    objectId: null,
    forecast,
    reviewDate: null,
    tasks: [],
    ...extra,
  });
  const plansNaming = async (objectId: string) =>
    Number(
      (
        await database.query<{ n: string }>(
          "select count(*)::text as n from consequence_plan where object_id = $1",
          [objectId],
        )
      )[0].n,
    );

  it("names an object of its territory and shows it; an object outside the territory is refused", async () => {
    const res = await secretary.post("/api/consequences/plans", planBody({ objectId: foreign.id }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.objectId).toBe(foreign.id);
    expect(p.object).toMatchObject({ id: foreign.id, territoryCode: ALMATY });
    expect((await hq.get(`/api/consequences/plans/${p.id}`)).json().object?.id).toBe(foreign.id);

    const before = await plansNaming(own.id);
    const outside = await atc.post(
      "/api/consequences/plans",
      planBody({ territory: ASTANA, objectId: own.id }),
    );
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields[0]).toMatchObject({
      path: "objectId",
      code: "object_outside_plan_territory",
    });
    // Qonaev's commission may not see Almaty's objects: told as unknown.
    const blind = await district.post(
      "/api/consequences/plans",
      planBody({ territory: "191000000", objectId: own.id }),
    );
    expect(blind.statusCode).toBe(400);
    expect(blind.json().fields[0]).toMatchObject({ path: "objectId", code: "unknown_object" });
    expect(await plansNaming(own.id)).toBe(before);

    // An edit that moves the plan's object out of reach is refused and changes nothing.
    const edit = await secretary.put(`/api/consequences/plans/${p.id}`, {
      ...planBody({ objectId: randomUUID() }),
      territory: undefined,
      version: p.version,
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().fields[0]).toMatchObject({ path: "objectId", code: "unknown_object" });
    expect((await secretary.get(`/api/consequences/plans/${p.id}`)).json()).toMatchObject({
      objectId: foreign.id,
      version: p.version,
    });
    // The database keys it too: a plan names only an object of the registry.
    await expect(
      database.query("update consequence_plan set object_id = $1 where id = $2", [randomUUID(), p.id]),
    ).rejects.toThrow(/consequence_plan_object_id_vulnerable_object_id_fk/);
  });
});

describe("the demo (npm start --demo)", () => {
  it("files a report naming a demo object and declares an operation whose zone is on the map, once", async () => {
    const opts = { city: ALMATY, reporterUsername: "reporter", hqUsername: "hq" };
    const report = await seedDemoObjectReport(database, opts);
    expect(report).toBeTruthy();
    const opId = await seedDemoOperation(database, { hqUsername: "hq", report: report! });
    expect(opId).toBeTruthy();
    const incident = (await hq.get(`/api/incidents/${report!.incidentId}`)).json();
    expect(incident).toMatchObject({ type: "attack_on_vulnerable_object", status: "linked" });
    expect(incident.object.id).toBe(report!.objectId);
    // The object is the demo reporter's own.
    expect((await reporter.get(`/api/objects/${report!.objectId}`)).statusCode).toBe(200);
    const zones = (await hq.get("/api/operations/map")).json().items;
    const zone = zones.find((o: { id: string }) => o.id === opId);
    expect(zone.zoneArea.type).toBe("Polygon");
    expect(zone.zone[0].code).toBe(ALMATY);
    // Run again (a restarted demo): the same report, no second operation.
    const again = await seedDemoObjectReport(database, opts);
    expect(again).toMatchObject({ incidentId: report!.incidentId, linked: true });
    expect(await seedDemoOperation(database, { hqUsername: "hq", report: again! })).toBeNull();
  });
});
