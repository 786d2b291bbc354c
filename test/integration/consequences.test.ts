/**
 * Consequences (R20–R23) through HTTP, on PGlite and PostgreSQL: the readiness board and a force's own
 * readiness; a plan made, refused for an unknown body, checked for gaps, approved only by a signed
 * protocol decision, versioned on edit; activation from an operation, each force seeing and moving only
 * its own tasks; another territory's reader gets 404; the overdue job escalates to the activating HQ;
 * the commission's summary shows the operation it cannot open; every change audited.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { runConsequencesControl } from "../../src/server/modules/consequences";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let hq: Client;
let forces: Client;
let otherForce: Client;
let member: Client;
let astana: Client;
let anonymous: Client;
let forceId: string;
let otherForceId: string;
let commissionId: string;

const PW = "a-long-test-password";

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, hq, forces, member] = await Promise.all(
    ["secretary", "hq", "forces", "member"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
  forceId = (await forces.get("/api/auth/me")).json().grants[0].bodyId;
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  const board = (await forces.get(`/api/consequences/forces?territory=${ALMATY}`)).json();
  otherForceId = board.items.find(
    (f: { id: string; subtype: string }) => f.id !== forceId && f.subtype === "mes_rescue",
  ).id;
  const astanaCommission = await findBodyId(
    await signIn(app, "admin"),
    `kind=commission&territory=${ASTANA}`,
  );
  await createUser(database, systemContext("test"), {
    username: "astana-sec-c",
    displayName: "Астана хатшысы (test)",
    password: PW,
    grants: [{ role: "commission_secretary", bodyId: astanaCommission, territoryCode: ASTANA }],
  });
  await createUser(database, systemContext("test"), {
    username: "rescue-coord",
    displayName: "Құтқарушы (test)",
    password: PW,
    grants: [{ role: "response_force_coordinator", bodyId: otherForceId, territoryCode: ALMATY }],
  });
  astana = await signIn(app, "astana-sec-c", PW);
  otherForce = await signIn(app, "rescue-coord", PW);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const auditCount = async (action: string, id: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = $1 and entity_id = $2",
        [action, id],
      )
    )[0].n,
  );

const forecast = (severe = 1, moderate = 2) => ({
  casualties: { severe, moderate, light: 5 },
  areaHa: 1,
  evacuate: 100,
  hazards: ["өрт"],
});

function planBody(tasks: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return {
    territory: ALMATY,
    title: "Тест жоспары",
    scenario: "explosion",
    objectId: null,
    forecast: forecast(),
    reviewDate: null,
    tasks,
    ...extra,
  };
}
const taskFor = (bodyId: string | null, mainTask = "prevent_loss_of_life", normMinutes = 30) => ({
  mainTask,
  activity: "rescue_firefighting",
  title: `Міндет ${bodyId?.slice(0, 4) ?? "—"}`,
  responsibleBodyId: bodyId,
  normMinutes,
  means: [{ kind: "fire_engine", count: 2 }],
});

async function signedDecisionId() {
  let m = (
    await secretary.post("/api/meetings", {
      bodyId: commissionId,
      heldAt: "2026-02-10T10:00:00+05:00",
      agenda: [{ title: "Зардаптарды жою жоспарлары туралы", speakers: [] }],
    })
  ).json();
  m = (await secretary.post(`/api/meetings/${m.id}/decisions`, { text: "Жоспар бекітілсін." })).json();
  m = (await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).json();
  return m.decisions[0].id as string;
}

describe("forces and readiness (R22, R23)", () => {
  it("shows the territory's board to its readers only; the force confirms its own readiness", async () => {
    expect((await anonymous.get(`/api/consequences/forces?territory=${ALMATY}`)).statusCode).toBe(401);
    const bad = await forces.get("/api/consequences/forces?territory=12x");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe("querystring.territory");
    expect((await astana.get(`/api/consequences/forces?territory=${ALMATY}`)).statusCode).toBe(404);

    const board = (await forces.get(`/api/consequences/forces?territory=${ALMATY}`)).json();
    const own = board.items.find((f: { id: string }) => f.id === forceId);
    expect(own.allowedActions).toContain("confirm_readiness");
    const other = board.items.find((f: { id: string }) => f.id === otherForceId);
    expect(other.allowedActions).toEqual([]);
    expect(board.items.every((f: { basis: string }) => ["R22", "R23"].includes(f.basis))).toBe(true);

    const confirmed = await forces.post(`/api/consequences/forces/${forceId}/readiness`, {
      readiness: "ready",
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ readiness: "ready", readinessState: "ready" });
    expect(await auditCount("consequences.readiness_confirmed", forceId)).toBe(1);
    expect(
      (await forces.post(`/api/consequences/forces/${otherForceId}/readiness`, { readiness: "ready" }))
        .statusCode,
    ).toBe(403);
    expect(
      (await forces.post(`/api/consequences/forces/${forceId}/readiness`, { readiness: "sleepy" }))
        .statusCode,
    ).toBe(400);
    const history = (await forces.get(`/api/consequences/forces/${forceId}/readiness`)).json();
    expect(history.items[0].readiness).toBe("ready");
    // Who confirmed it, as pages name them: full name and body, next to the stored name.
    await expectPersonIs(database, history.items[0].by, "forces");
  });

  it("keeps beds only for the medical formations of R23, free never above total", async () => {
    const board = (await hq.get(`/api/consequences/forces?territory=${ALMATY}`)).json();
    const medical = board.items.find((f: { subtype: string }) => f.subtype === "toxicology_department");
    const admin = await signIn(app, "admin");
    const over = await admin.put(`/api/consequences/forces/${medical.id}/beds`, {
      beds: [{ profile: "burns", total: 2, free: 3 }],
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().fields[0].path).toBe("beds.0.free");
    const ok = await admin.put(`/api/consequences/forces/${medical.id}/beds`, {
      beds: [{ profile: "burns", total: 20, free: 7 }],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().beds.find((b: { profile: string }) => b.profile === "burns")).toMatchObject({
      total: 20,
      free: 7,
    });
    const fire = board.items.find((f: { subtype: string }) => f.subtype === "state_fire");
    expect(
      (
        await admin.put(`/api/consequences/forces/${fire.id}/beds`, {
          beds: [{ profile: "burns", total: 1, free: 1 }],
        })
      ).statusCode,
    ).toBe(400);
  });
});

let planId: string;
let planVersion: number;

describe("plans (R21)", () => {
  it("are made by the commission's secretary with known bodies only; others may not or do not see them", async () => {
    const unknown = await secretary.post(
      "/api/consequences/plans",
      planBody([taskFor(forceId), taskFor(randomUUID())]),
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields[0]).toMatchObject({
      path: "tasks.1.responsibleBodyId",
      code: "unknown_body",
    });
    const badEnum = await secretary.post(
      "/api/consequences/plans",
      planBody([{ ...taskFor(forceId), activity: "policing" }]),
    );
    expect(badEnum.json().fields[0].path).toBe("tasks.0.activity");
    expect((await member.post("/api/consequences/plans", planBody([taskFor(forceId)]))).statusCode).toBe(403);

    const res = await secretary.post(
      "/api/consequences/plans",
      planBody([
        taskFor(forceId),
        taskFor(otherForceId, "rescue_and_help", 45),
        taskFor(null, "compensate_harm", 600),
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    planId = p.id;
    planVersion = p.version;
    expect(p).toMatchObject({ status: "draft", versionNo: 1, taskCount: 3 });
    expect(p.basis).toEqual(expect.arrayContaining(["R20", "R21", "R21.1", "R21.2", "R21.5"]));
    expect(p.allowedActions).toEqual(expect.arrayContaining(["edit", "approve", "copy"]));
    expect(await auditCount("consequences.plan_created", planId)).toBe(1);
    expect((await astana.get(`/api/consequences/plans/${planId}`)).statusCode).toBe(404);
    expect((await hq.get(`/api/consequences/plans/${planId}`)).json().allowedActions).toContain("activate");
  });

  it("shows its gaps: a task without a responsible body, a force not ready, beds short", async () => {
    await otherForce.post(`/api/consequences/forces/${otherForceId}/readiness`, { readiness: "unavailable" });
    const check = (await secretary.get(`/api/consequences/plans/${planId}/check`)).json();
    const codes = check.gaps.map((g: { code: string }) => g.code);
    expect(codes).toContain("no_responsible");
    expect(check.gaps.find((g: { code: string }) => g.code === "force_not_ready").body.id).toBe(otherForceId);
    expect(codes).not.toContain("beds_short_territory");

    const p = (await secretary.get(`/api/consequences/plans/${planId}`)).json();
    const updated = await secretary.put(`/api/consequences/plans/${planId}`, {
      title: p.title,
      scenario: p.scenario,
      objectId: null,
      forecast: forecast(50_000, 10_000),
      reviewDate: "2026-12-01",
      tasks: p.tasks.map((t: Record<string, unknown>) => ({
        mainTask: t.mainTask,
        activity: t.activity,
        title: t.title,
        responsibleBodyId: t.responsibleBodyId,
        normMinutes: t.normMinutes,
        means: t.means,
      })),
      version: p.version,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    planVersion = updated.json().version;
    const short = (await secretary.get(`/api/consequences/plans/${planId}/check`)).json();
    expect(short.bedsNeeded).toBe(60_000);
    expect(short.gaps.map((g: { code: string }) => g.code)).toEqual(
      expect.arrayContaining(["beds_short_territory", "beds_short_region"]),
    );
    await otherForce.post(`/api/consequences/forces/${otherForceId}/readiness`, { readiness: "ready" });
  });

  it("is approved only by a signed protocol decision; an edit starts the next version", async () => {
    const fake = await secretary.post(`/api/consequences/plans/${planId}/approve`, {
      decisionId: randomUUID(),
      version: planVersion,
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().fields[0]).toMatchObject({ path: "decisionId", code: "decision_not_signed" });
    const decisionId = await signedDecisionId();
    expect(
      (await member.post(`/api/consequences/plans/${planId}/approve`, { decisionId, version: planVersion }))
        .statusCode,
    ).toBe(403);
    const ok = await secretary.post(`/api/consequences/plans/${planId}/approve`, {
      decisionId,
      version: planVersion,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const p = ok.json();
    expect(p.status).toBe("approved");
    expect(p.approval.number).toMatch(/^\d+\/1\.1 \(\d{4}\)$/);
    expect(p.versions).toHaveLength(1);
    await expectPersonIs(database, p.versions[0].by, "secretary");
    expect(await auditCount("consequences.plan_approved", planId)).toBe(1);

    const copy = await secretary.post(`/api/consequences/plans/${planId}/copy`, { title: "Көшірме" });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({ status: "draft", taskCount: 3, copiedFrom: { id: planId } });
    planVersion = p.version;
  });
});

describe("activation and the live task board (R21)", () => {
  let activationId: string;
  let operationId: string;

  it("an HQ activates the plan from an operation; each force sees only its own tasks", async () => {
    const op = await hq.post("/api/operations", {
      title: "Зардаптар: тест",
      goals: ["minimise_consequences"],
      zoneTerritories: [ALMATY],
    });
    expect(op.statusCode, op.body).toBe(201);
    operationId = op.json().id;
    expect(
      (
        await hq.post("/api/consequences/activations", { planIds: [planId], operationId: randomUUID() })
      ).json().fields[0].path,
    ).toBe("operationId");
    expect((await member.post("/api/consequences/activations", { planIds: [planId] })).statusCode).toBe(403);
    const res = await hq.post("/api/consequences/activations", { planIds: [planId], operationId });
    expect(res.statusCode, res.body).toBe(201);
    const board = res.json();
    activationId = board.id;
    expect(board).toMatchObject({ view: "full", taskCount: 3, operation: { id: operationId } });
    const at = Date.parse(board.activatedAt);
    const t2 = board.tasks.find((t: { body: { id: string } }) => t.body.id === otherForceId);
    expect(Date.parse(t2.deadline) - at).toBe(45 * 60_000);
    expect(board.allowedActions).toEqual(["add_task", "request_resource", "close"]);
    expect(await auditCount("consequences.activated", activationId)).toBe(1);

    const own = (await forces.get(`/api/consequences/activations/${activationId}`)).json();
    expect(own.view).toBe("own");
    expect(own.tasks.map((t: { body: { id: string } }) => t.body.id)).toEqual([forceId]);
    expect(own.note).toBe("");
    // Casualties (anonymous counts from the affected-people registry) for the whole board only.
    expect(own.casualties).toBeNull();
    expect(board.casualties).toEqual({
      injured: expect.any(Number),
      hospitalised: expect.any(Number),
      deceased: expect.any(Number),
      missing: expect.any(Number),
    });
    const other = (await otherForce.get(`/api/consequences/activations/${activationId}`)).json();
    expect(other.tasks.map((t: { body: { id: string } }) => t.body.id)).toEqual([otherForceId]);
    expect((await astana.get(`/api/consequences/activations/${activationId}`)).statusCode).toBe(404);
    expect((await secretary.get(`/api/consequences/activations/${activationId}`)).json().view).toBe("full");
    const mine = (await forces.get("/api/consequences/tasks/mine")).json();
    expect(mine.items.some((t: { activationId: string }) => t.activationId === activationId)).toBe(true);
  });

  it("a force moves its task through the states; another's task is not its to see", async () => {
    const own = (await forces.get(`/api/consequences/activations/${activationId}`)).json();
    let task = own.tasks[0];
    expect(task.allowedActions).toEqual(["accept", "block"]);
    const noReason = await forces.post(`/api/consequences/tasks/${task.id}/actions`, {
      action: "block",
      version: task.version,
    });
    expect(noReason.json().fields[0]).toMatchObject({ path: "reason", code: "reason_required" });
    expect(
      (
        await forces.post(`/api/consequences/tasks/${task.id}/actions`, {
          action: "finish",
          version: task.version,
        })
      ).statusCode,
    ).toBe(409);
    for (const action of ["accept", "start", "finish"]) {
      const r = await forces.post(`/api/consequences/tasks/${task.id}/actions`, {
        action,
        version: task.version,
      });
      expect(r.statusCode, r.body).toBe(200);
      task = r.json();
    }
    expect(task.status).toBe("done");
    expect(await auditCount("consequences.task_moved", task.id)).toBe(3);
    const theirs = (await otherForce.get(`/api/consequences/activations/${activationId}`)).json().tasks[0];
    expect(
      (
        await forces.post(`/api/consequences/tasks/${theirs.id}/actions`, {
          action: "accept",
          version: theirs.version,
        })
      ).statusCode,
    ).toBe(404);
    // The HQ sees it but it is the force's to move.
    expect(
      (
        await hq.post(`/api/consequences/tasks/${theirs.id}/actions`, {
          action: "accept",
          version: theirs.version,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("a task added on the spot escalates to the HQ when overdue; resource requests use the operation forces' states", async () => {
    const added = await hq.post(`/api/consequences/activations/${activationId}/tasks`, {
      mainTask: "rescue_and_help",
      activity: "emergency_medical_aid",
      title: "Қосымша бригада",
      responsibleBodyId: otherForceId,
      normMinutes: 1,
    });
    expect(added.statusCode, added.body).toBe(201);
    const r = await runConsequencesControl(database, new Date(Date.now() + 5 * 60_000));
    expect(r.escalated).toBeGreaterThanOrEqual(1);
    const notes = (await hq.get("/api/notifications")).json();
    expect(
      notes.items.some(
        (n: { kind: string; entityId: string }) =>
          n.kind === "consequence_task_overdue" && n.entityId === activationId,
      ),
    ).toBe(true);
    expect((await runConsequencesControl(database, new Date(Date.now() + 5 * 60_000))).escalated).toBe(0);

    let board = (
      await hq.post(`/api/consequences/activations/${activationId}/requests`, {
        bodyId: forceId,
        means: "2 автоцистерна",
      })
    ).json();
    const req = board.requests[0];
    // The activating side may only withdraw; the force commits itself (the operation forces' rule).
    expect(req).toMatchObject({ status: "requested", nextStatuses: ["released"] });
    const theirs = (await forces.get(`/api/consequences/activations/${activationId}`)).json();
    expect(theirs.requests.find((x: { id: string }) => x.id === req.id).nextStatuses).toEqual([
      "committed",
      "released",
    ]);
    const skip = await forces.post(`/api/consequences/requests/${req.id}/status`, {
      status: "en_route",
      version: req.version,
    });
    expect(skip.statusCode).toBe(409);
    const hqCommits = await hq.post(`/api/consequences/requests/${req.id}/status`, {
      status: "committed",
      version: req.version,
    });
    expect(hqCommits.statusCode).toBe(403);
    board = (
      await forces.post(`/api/consequences/requests/${req.id}/status`, {
        status: "committed",
        version: req.version,
        commitNote: "2 автоцистерна, 6 адам",
      })
    ).json();
    const committed = board.requests.find((x: { id: string }) => x.id === req.id);
    expect(committed).toMatchObject({ status: "committed", commitNote: "2 автоцистерна, 6 адам", eta: null });
    expect(committed.committedAt).toBeTruthy();
    const [audit] = await database.query<{ after: { status: string; commitNote: string } }>(
      "select after from audit_event where action = 'consequences.resource_moved' and entity_id = $1",
      [req.id],
    );
    expect(audit.after).toMatchObject({ status: "committed", commitNote: "2 автоцистерна, 6 адам" });
    board = (
      await hq.post(`/api/consequences/requests/${req.id}/status`, {
        status: "en_route",
        version: committed.version,
      })
    ).json();
    board = (
      await forces.post(`/api/consequences/requests/${req.id}/status`, {
        status: "on_site",
        version: board.requests[0].version,
      })
    ).json();
    expect(board.forcesOnSite.map((f: { id: string }) => f.id)).toEqual([forceId]);
  });

  it("the after-action report comes as PDF and XLSX; the commission's summary shows the operation it cannot open", async () => {
    const pdf = await hq.get(`/api/consequences/activations/${activationId}/report.pdf?lang=ru`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const xlsx = await hq.get(`/api/consequences/activations/${activationId}/report.xlsx?lang=kk`);
    expect(xlsx.rawPayload.subarray(0, 2).toString("latin1")).toBe("PK");
    const planPdf = await secretary.get(`/api/consequences/plans/${planId}/plan.pdf?lang=kk`);
    expect(planPdf.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect((await astana.get(`/api/consequences/activations/${activationId}/report.pdf`)).statusCode).toBe(
      404,
    );

    expect((await secretary.get(`/api/operations/${operationId}`)).statusCode).toBe(404);
    const summary = (await secretary.get("/api/consequences/summary")).json();
    const op = summary.operations.find((o: { id: string }) => o.id === operationId);
    expect(op).toMatchObject({ status: "active", goals: ["minimise_consequences"] });
    expect(Object.keys(op).sort()).toEqual([
      "endedAt",
      "goals",
      "id",
      "number",
      "regimeStartedAt",
      "status",
      "zone",
    ]);
    expect(summary.activations.some((a: { id: string }) => a.id === activationId)).toBe(true);
    const astanaSummary = (await astana.get("/api/consequences/summary")).json();
    expect(astanaSummary.operations.some((o: { id: string }) => o.id === operationId)).toBe(false);
    expect((await astana.get(`/api/consequences/summary?territory=${ALMATY}`)).statusCode).toBe(404);
  });
});

describe("the forms' other half: force details, decisions to pick, several plans from a report (R5, R21, R22)", () => {
  it("a force edits its duty details; a point needs both coordinates; another force's are not its to edit", async () => {
    const details = {
      dutyContacts: [{ name: "Т. Ержанов", phone: "+7 727 300 99 01", position: "кезекші" }],
      lat: 43.25,
      lon: 76.95,
      personnel: 42,
      means: [{ kind: "rescue_vehicle", count: 3, note: "" }],
      answersToBodyId: commissionId,
    };
    expect((await anonymous.put(`/api/consequences/forces/${forceId}`, details)).statusCode).toBe(401);
    const half = await forces.put(`/api/consequences/forces/${forceId}`, { ...details, lon: null });
    expect(half.statusCode).toBe(400);
    expect(half.json().fields[0]).toMatchObject({ path: "lon", code: "required" });
    const notHq = await forces.put(`/api/consequences/forces/${forceId}`, {
      ...details,
      answersToBodyId: otherForceId,
    });
    expect(notHq.json().fields[0]).toMatchObject({ path: "answersToBodyId", code: "unknown_body" });
    expect((await forces.put(`/api/consequences/forces/${otherForceId}`, details)).statusCode).toBe(403);
    expect((await astana.put(`/api/consequences/forces/${forceId}`, details)).statusCode).toBe(404);
    const ok = await forces.put(`/api/consequences/forces/${forceId}`, details);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      personnel: 42,
      lat: 43.25,
      dutyContacts: [{ name: "Т. Ержанов" }],
      means: [{ kind: "rescue_vehicle", count: 3 }],
      answersTo: { id: commissionId },
    });
    // Names and phones of duty officers stay out of the audit log: their count only.
    const [entry] = await database.query<{ after: { contacts: number } }>(
      "select after from audit_event where action = 'consequences.force_updated' and entity_id = $1 order by id desc limit 1",
      [forceId],
    );
    expect(entry.after.contacts).toBe(1);
    expect(JSON.stringify(entry.after)).not.toContain("Ержанов");
  });

  it("lists the signed decisions of a commission the reader may read, searched by number or text", async () => {
    const decisionId = await signedDecisionId();
    // A meeting not yet signed: its decision is not offered.
    const draft = (
      await secretary.post("/api/meetings", {
        bodyId: commissionId,
        heldAt: "2026-02-11T10:00:00+05:00",
        agenda: [{ title: "Қол қойылмаған хаттама", speakers: [] }],
      })
    ).json();
    const unsigned = (
      await secretary.post(`/api/meetings/${draft.id}/decisions`, { text: "Қол қойылмаған шешім" })
    ).json().decisions[0].id as string;

    expect((await anonymous.get(`/api/decisions?body=${commissionId}`)).statusCode).toBe(401);
    const bad = await secretary.get("/api/decisions?body=nope");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe("querystring.body");

    const all = (await secretary.get(`/api/decisions?body=${commissionId}`)).json();
    const ids = all.items.map((d: { id: string }) => d.id);
    expect(ids).toContain(decisionId);
    expect(ids).not.toContain(unsigned);
    const mine = all.items.find((d: { id: string }) => d.id === decisionId);
    expect(mine).toMatchObject({ text: "Жоспар бекітілсін.", bodyId: commissionId });
    expect(mine.number).toMatch(/^\d+\/1\.1$/);

    const byNumber = (
      await secretary.get(`/api/decisions?body=${commissionId}&q=${encodeURIComponent(mine.number)}`)
    ).json();
    expect(byNumber.items.map((d: { id: string }) => d.id)).toContain(decisionId);
    const byText = (
      await secretary.get(`/api/decisions?body=${commissionId}&q=${encodeURIComponent("бекітілсін")}`)
    ).json();
    expect(byText.items.length).toBeGreaterThan(0);
    expect((await secretary.get(`/api/decisions?body=${commissionId}&q=zzzz-no-such`)).json().items).toEqual(
      [],
    );
    // Another city's commission may not read these protocols: nothing is offered.
    expect((await astana.get(`/api/decisions?body=${commissionId}`)).json().items).toEqual([]);
  });

  it("activates two plans at once from a report; the tasks of both go live in the plans' order", async () => {
    const second = await secretary.post(
      "/api/consequences/plans",
      planBody([taskFor(otherForceId, "rescue_and_help", 90)], { title: "Екінші жоспар" }),
    );
    expect(second.statusCode, second.body).toBe(201);
    const incident = await hq.post(
      "/api/incidents",
      {
        type: "explosion",
        occurredAt: new Date(Date.now() - 600_000).toISOString(),
        territoryCode: ALMATY,
        description: "Жарылыс (зардаптар сынағы)",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(incident.statusCode, incident.body).toBe(201);
    const incidentId = incident.json().id as string;
    expect(
      (
        await hq.post("/api/consequences/activations", {
          planIds: [planId, second.json().id],
          incidentId: randomUUID(),
        })
      ).json().fields[0].path,
    ).toBe("incidentId");
    const res = await hq.post("/api/consequences/activations", {
      planIds: [planId, second.json().id],
      incidentId,
      note: "Екі жоспар бірге",
    });
    expect(res.statusCode, res.body).toBe(201);
    const board = res.json();
    expect(board.incident).toMatchObject({ id: incidentId });
    expect(board.plans.map((p: { id: string }) => p.id)).toEqual([planId, second.json().id]);
    expect(board.taskCount).toBe(4);
    expect(board.tasks.at(-1).body.id).toBe(otherForceId);
    expect(board.tasks.at(-1).normMinutes).toBe(90);
  });
});

describe("restoring normal life (R20.4, R21.3, R21.4)", () => {
  let activationId: string;
  let objectId: string;
  let statementId: string;

  it("records damaged objects: a restored date only once every restoration task is done", async () => {
    const act = await hq.post("/api/consequences/activations", { planIds: [planId] });
    expect(act.statusCode, act.body).toBe(201);
    activationId = act.json().id;
    const url = `/api/consequences/activations/${activationId}/damaged-objects`;
    const body = {
      name: "Сауда орталығының шатыры",
      address: "Абай даңғылы 10",
      damage: "severe",
      assessment: "Шатырдың 30% опырылған",
      restoration: [
        { title: "Үйінділерді шығару", done: true },
        { title: "Шатырды қалпына келтіру", done: false },
      ],
      costTenge: 125_000_000,
      doneOn: null,
    };
    expect((await anonymous.post(url, body)).statusCode).toBe(401);
    expect((await astana.post(url, body)).statusCode).toBe(404);
    // A force sees only its own tasks: not the restoration of the whole activation.
    expect((await forces.post(url, body)).statusCode).toBe(404);
    expect((await forces.get(`/api/consequences/activations/${activationId}/restoration`)).statusCode).toBe(
      404,
    );
    expect((await member.post(url, body)).statusCode).toBe(403);
    const bad = await hq.post(url, { ...body, damage: "shattered" });
    expect(bad.json().fields[0].path).toBe("damage");
    const early = await hq.post(url, { ...body, doneOn: "2026-01-10" });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0]).toMatchObject({ path: "doneOn", code: "restoration_open" });

    const res = await hq.post(url, body);
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json().objects[0];
    objectId = o.id;
    expect(o).toMatchObject({ state: "restoring", costTenge: 125_000_000, damage: "severe" });
    await expectPersonIs(database, o.recorder, "hq");
    expect(res.json().basis).toEqual(["R20", "R21.3", "R21.4"]);
    expect(await auditCount("consequences.damage_recorded", objectId)).toBe(1);

    const future = await hq.put(`/api/consequences/damaged-objects/${objectId}`, {
      ...body,
      restoration: body.restoration.map((r) => ({ ...r, done: true })),
      doneOn: "2999-01-01",
      version: o.version,
    });
    expect(future.json().fields[0]).toMatchObject({ path: "doneOn", code: "in_future" });
    const done = await secretary.put(`/api/consequences/damaged-objects/${objectId}`, {
      ...body,
      restoration: body.restoration.map((r) => ({ ...r, done: true })),
      doneOn: "2026-01-10",
      version: o.version,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().objects[0]).toMatchObject({ state: "restored", doneOn: "2026-01-10" });
    expect(done.json().totals).toMatchObject({ objects: 1, restored: 1, costTenge: 125_000_000 });
    const stale = await hq.put(`/api/consequences/damaged-objects/${objectId}`, {
      ...body,
      version: o.version,
    });
    expect(stale.statusCode).toBe(409);
  });

  it("records environmental safety checks with their results", async () => {
    const url = `/api/consequences/activations/${activationId}/env-checks`;
    const check = {
      kind: "air",
      place: "Абай даңғылы 10, шатыр маңы",
      checkedAt: new Date(Date.now() - 600_000).toISOString(),
      result: "exceeded",
      findings: "Шаң концентрациясы нормадан 2 есе жоғары",
      damagedObjectId: objectId,
      bodyId: otherForceId,
    };
    expect((await astana.post(url, check)).statusCode).toBe(404);
    const foreign = await hq.post(url, { ...check, damagedObjectId: randomUUID() });
    expect(foreign.json().fields[0]).toMatchObject({ path: "damagedObjectId", code: "invalid_value" });
    const res = await hq.post(url, check);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().checks[0]).toMatchObject({
      kind: "air",
      result: "exceeded",
      damagedObjectId: objectId,
      body: { id: otherForceId },
    });
    expect(res.json().totals.exceeded).toBe(1);
    await expectPersonIs(database, res.json().checks[0].recorder, "hq");
  });

  it("a public statement is approved by another person than its author, then published; withdrawn, it leaves", async () => {
    const { publishedStatements } = await import("../../src/server/modules/consequences");
    const url = `/api/consequences/activations/${activationId}/statements`;
    const statement = {
      textKk: "Жағдай бақылауда. Зардап шеккендерге көмек көрсетілуде.",
      textRu: "Ситуация под контролем. Пострадавшим оказывается помощь.",
    };
    expect((await hq.post(url, { textKk: "Тек қазақша" })).json().fields[0].path).toBe("textRu");
    const outside = await hq.post(url, { ...statement, territory: ASTANA });
    expect(outside.json().fields[0]).toMatchObject({ path: "territory", code: "invalid_value" });
    const res = await hq.post(url, statement);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json().statements[0];
    statementId = s.id;
    expect(s).toMatchObject({ status: "draft", text: { en: "" } });
    expect(s.author.name).not.toBe("");
    // The author may withdraw the draft but not approve it.
    expect(s.allowedActions).toEqual(["withdraw"]);
    expect(
      (
        await hq.post(`/api/consequences/statements/${statementId}/actions`, {
          action: "approve",
          version: s.version,
        })
      ).statusCode,
    ).toBe(403);
    expect((await publishedStatements(database.db)).some((p) => p.id === statementId)).toBe(false);
    expect(
      (
        await astana.post(`/api/consequences/statements/${statementId}/actions`, {
          action: "approve",
          version: s.version,
        })
      ).statusCode,
    ).toBe(404);

    const before = await publicEvents();
    const seen = (await secretary.get(`/api/consequences/activations/${activationId}/restoration`)).json();
    expect(seen.statements[0].allowedActions).toEqual(["approve", "withdraw"]);
    const approved = await secretary.post(`/api/consequences/statements/${statementId}/actions`, {
      action: "approve",
      version: s.version,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().statements[0]).toMatchObject({ status: "approved" });
    expect(approved.json().statements[0].approvedAt).not.toBeNull();
    await expectPersonIs(database, approved.json().statements[0].approver, "secretary");
    expect(await auditCount("consequences.statement_approved", statementId)).toBe(1);
    expect(await publicEvents()).toBe(before + 1);

    const published = (await publishedStatements(database.db)).find((p) => p.id === statementId);
    expect(published).toMatchObject({
      text: { kk: statement.textKk, ru: statement.textRu, en: statement.textRu },
      territory: { code: ALMATY },
    });
    expect(Object.keys(published!).sort()).toEqual(["bodyNames", "id", "publishedAt", "territory", "text"]);
    expect(
      (
        await secretary.post(`/api/consequences/statements/${statementId}/actions`, {
          action: "approve",
          version: approved.json().statements[0].version,
        })
      ).statusCode,
    ).toBe(409);

    const withdrawn = await hq.post(`/api/consequences/statements/${statementId}/actions`, {
      action: "withdraw",
      version: approved.json().statements[0].version,
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await publishedStatements(database.db)).some((p) => p.id === statementId)).toBe(false);
    expect(await publicEvents()).toBe(before + 2);
  });
});

const publicEvents = async () =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from event_log where channel = 'consequence_public'",
      )
    )[0].n,
  );
