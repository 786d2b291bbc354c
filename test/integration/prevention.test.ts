/** Plans of prevention measures (R5–R13) through HTTP, on PGlite and PostgreSQL. */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let member: Client;
let admin: Client;
let outsider: Client;
let commissionId: string;
let policeId: string;
let partnerId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, member, admin] = await Promise.all(["secretary", "member", "admin"].map((u) => signIn(app, u)));
  const astanaCommission = await findBodyId(admin, `kind=commission&territory=${ASTANA}`);
  await createUser(database, systemContext("test"), {
    username: "astana-secretary",
    displayName: "Test secretary",
    password: "a-long-test-password",
    grants: [{ role: "commission_secretary", bodyId: astanaCommission, territoryCode: ASTANA }],
  });
  outsider = await signIn(app, "astana-secretary", "a-long-test-password");
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  policeId = await findBodyId(
    secretary,
    `kind=state_body&territory=${ALMATY}&q=${encodeURIComponent("полиция")}`,
  );
  partnerId = await findBodyId(secretary, `kind=partner&territory=${ALMATY}`);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("a commission's plan of measures", () => {
  it("is drafted, filled from the catalogue, approved by decision, amended with history and copied", async () => {
    const created = await secretary.post("/api/plans", { bodyId: commissionId, year: 2026 });
    expect(created.statusCode, created.body).toBe(201);
    let plan = created.json();
    expect(plan).toMatchObject({ status: "draft", year: 2026, measureCount: 0, canManage: true });

    const drill = {
      category: "organisational",
      subtype: "exercises_and_drills",
      title: "Сауда орталықтарында эвакуация жаттығулары",
      responsibleBodyId: policeId,
      deadline: "2026-06-30",
      periodicity: "quarterly",
      indicators: { events_held: 4, people_reached: 2000 },
    };
    plan = (await secretary.post(`/api/plans/${plan.id}/measures`, drill)).json();
    expect(plan.measures[0]).toMatchObject({
      basis: "R10.3",
      periodicity: "quarterly",
      indicators: { events_held: 4, people_reached: 2000 },
    });
    plan = (
      await secretary.post(`/api/plans/${plan.id}/measures`, {
        category: "propaganda",
        subtype: "social_advertising",
        title: "Әлеуметтік бейнероликтер",
        responsibleBodyId: policeId,
        partnerIds: [partnerId],
        goals: ["anti_terrorist_consciousness"],
        indicators: { publications_broadcasts: 12 },
      })
    ).json();
    expect(plan.measures[1]).toMatchObject({
      basis: "R12.2",
      goals: ["anti_terrorist_consciousness"],
      partnerIds: [partnerId],
    });

    const wrong = await secretary.post(`/api/plans/${plan.id}/measures`, { ...drill, category: "legal" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().fields[0].path).toBe("subtype");
    const notPartner = await secretary.post(`/api/plans/${plan.id}/measures`, {
      ...drill,
      partnerIds: [policeId],
    });
    expect(notPartner.json().fields[0].path).toBe("partnerIds");

    const approved = await secretary.post(`/api/plans/${plan.id}/approve`, {
      version: plan.version,
      decisionRef: "Хаттама №1, 15.01.2026",
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", decisionRef: "Хаттама №1, 15.01.2026" });
    expect(
      (
        await secretary.post(`/api/plans/${plan.id}/approve`, {
          version: approved.json().version,
          decisionRef: "x",
        })
      ).statusCode,
    ).toBe(409);

    // An amendment after approval is recorded as such.
    await secretary.post(`/api/plans/${plan.id}/measures`, { ...drill, title: "Қосымша жаттығу" });
    const audit = (await admin.get(`/api/audit?entityId=${plan.id}&action=plan.measure_added`)).json();
    expect(audit.items[0].after.amendment).toBe(true);

    // Next year's plan copies the measures, with deadlines moved to the new year.
    const next = (
      await secretary.post("/api/plans", { bodyId: commissionId, year: 2027, copyFromYear: 2026 })
    ).json();
    expect(next.measureCount).toBe(3);
    expect(next.measures[0].deadline).toBe("2027-06-30");
    expect((await secretary.post("/api/plans", { bodyId: commissionId, year: 2027 })).statusCode).toBe(409);
  });

  it("is read by its members, managed only by its secretary, invisible to another territory", async () => {
    const plans = (await secretary.get("/api/plans?year=2026")).json().items;
    const id = plans.find((p: { body: { id: string } }) => p.body.id === commissionId).id;
    expect((await member.get(`/api/plans/${id}`)).json().canManage).toBe(false);
    expect(
      (
        await member.post(`/api/plans/${id}/measures`, {
          category: "other",
          subtype: "other",
          title: "x",
          responsibleBodyId: policeId,
        })
      ).statusCode,
    ).toBe(403);
    expect((await outsider.get(`/api/plans/${id}`)).statusCode).toBe(404);
    expect((await outsider.get("/api/plans")).json().items).toEqual([]);
    expect((await outsider.post("/api/plans", { bodyId: commissionId, year: 2030 })).statusCode).toBe(403);
    expect((await admin.get(`/api/plans/${id}`)).statusCode).toBe(200);
  });
});
