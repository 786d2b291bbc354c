/**
 * The consequence boards' live stream (R21) over a real HTTP server, on PGlite and PostgreSQL: an
 * activation and a task's move reach each open board with the changed tasks of the bodies its reader
 * acts for (modules/consequences/tasks-in-events.ts) — never another body's task, nothing to a reader
 * of another territory — and the tasks are those GET /api/consequences/tasks/mine answers. With the
 * switch off the same events come without tasks (the boards re-read).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";
import { readStream } from "../support/sse";

const PW = "a-long-test-password";
type Task = {
  id: string;
  activationId: string;
  body: { id: string };
  status: string;
  allowedActions: string[];
};
type Sent = { event: string; activationId: string; taskId?: string; tasks?: Task[] };

let database: Database;
let app: FastifyInstance;
let base: string;
let secretary: Client;
let hq: Client;
let forces: Client;
let otherForce: Client;
let astana: Client;
let forceId: string;
let otherForceId: string;
let planId: string;

async function listen(a: FastifyInstance) {
  await a.listen({ host: "127.0.0.1", port: 0 });
  const addr = a.server.address();
  return `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
}

const taskFor = (bodyId: string, title: string) => ({
  mainTask: "prevent_loss_of_life",
  activity: "rescue_firefighting",
  title,
  responsibleBodyId: bodyId,
  normMinutes: 30,
  means: [],
});

/** Open a board's stream for `who`; the consequence events it is sent until `until` holds (or 4 s). */
function board(
  at: string,
  who: Client,
  until: (events: Sent[]) => boolean,
): { ready: Promise<void>; events: Promise<Sent[]> } {
  let opened!: () => void;
  const ready = new Promise<void>((r) => (opened = r));
  const events = readStream(
    `${at}/api/events/consequences`,
    { cookie: who.cookie },
    (es) => {
      if (es.some((e) => e.event === "position")) opened();
      return until(es.filter((e) => e.event === "consequences").map((e) => JSON.parse(e.data)));
    },
    4000,
  ).then((es) => es.filter((e) => e.event === "consequences").map((e) => JSON.parse(e.data) as Sent));
  return { ready: Promise.race([ready, new Promise<void>((r) => setTimeout(r, 2000))]), events };
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  base = await listen(app);
  [secretary, hq, forces] = await Promise.all(["secretary", "hq", "forces"].map((u) => signIn(app, u)));
  forceId = (await forces.get("/api/auth/me")).json().grants[0].bodyId;
  const list = (await forces.get(`/api/consequences/forces?territory=${ALMATY}`)).json();
  otherForceId = list.items.find(
    (f: { id: string; subtype: string }) => f.id !== forceId && f.subtype === "mes_rescue",
  ).id;
  const astanaCommission = await findBodyId(
    await signIn(app, "admin"),
    `kind=commission&territory=${ASTANA}`,
  );
  await createUser(database, systemContext("test"), {
    username: "astana-sec-live",
    displayName: "Астана хатшысы (test)",
    password: PW,
    grants: [{ role: "commission_secretary", bodyId: astanaCommission, territoryCode: ASTANA }],
  });
  await createUser(database, systemContext("test"), {
    username: "rescue-coord-live",
    displayName: "Құтқарушы (test)",
    password: PW,
    grants: [{ role: "response_force_coordinator", bodyId: otherForceId, territoryCode: ALMATY }],
  });
  astana = await signIn(app, "astana-sec-live", PW);
  otherForce = await signIn(app, "rescue-coord-live", PW);
  const plan = await secretary.post("/api/consequences/plans", {
    territory: ALMATY,
    title: "Тірі тақта",
    scenario: "explosion",
    objectId: null,
    forecast: { casualties: { severe: 1, moderate: 1, light: 1 }, areaHa: 1, evacuate: 1, hazards: [] },
    reviewDate: null,
    tasks: [taskFor(forceId, "Бірінші"), taskFor(otherForceId, "Екінші"), taskFor(forceId, "Үшінші")],
  });
  expect(plan.statusCode, plan.body).toBe(201);
  planId = plan.json().id;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("live consequence boards carry the reader's own changed tasks (R21)", () => {
  let activationId: string;

  it("an activation reaches each force's board with its own tasks only, as 'my tasks' shows them", async () => {
    const activated = (es: Sent[]) => es.some((e) => e.event === "activated");
    const [a, b, h, x] = [forces, otherForce, hq, astana].map((c) => board(base, c, activated));
    await Promise.all([a.ready, b.ready, h.ready, x.ready]);
    const res = await hq.post("/api/consequences/activations", { planIds: [planId] });
    expect(res.statusCode, res.body).toBe(201);
    activationId = res.json().id;
    const [ea, eb, eh, ex] = await Promise.all([a.events, b.events, h.events, x.events]);

    const own = ea.find((e) => e.event === "activated" && e.activationId === activationId)!;
    expect(own.tasks?.map((t) => t.body.id)).toEqual([forceId, forceId]);
    const mine = (await forces.get("/api/consequences/tasks/mine")).json().items as Task[];
    expect(own.tasks).toEqual(
      expect.arrayContaining(
        mine.filter((t) => t.activationId === activationId).map((t) => expect.objectContaining(t)),
      ),
    );
    expect(own.tasks?.every((t) => t.allowedActions.includes("accept"))).toBe(true);

    const other = eb.find((e) => e.event === "activated" && e.activationId === activationId)!;
    expect(other.tasks?.map((t) => t.body.id)).toEqual([otherForceId]);
    // The activating HQ sees the whole board (and re-reads it): none of the forces' tasks ride its stream.
    expect(eh.find((e) => e.activationId === activationId)?.tasks).toEqual([]);
    // Another territory's reader hears nothing of it.
    expect(ex.filter((e) => e.activationId === activationId)).toEqual([]);
  });

  it("a task's move reaches its force's board with the task moved, not another force's board", async () => {
    const mine = (await forces.get("/api/consequences/tasks/mine")).json().items as (Task & {
      version: number;
    })[];
    const task = mine.find((t) => t.activationId === activationId)!;
    const changed = (es: Sent[]) => es.some((e) => e.event === "task_changed");
    const [a, b] = [forces, otherForce].map((c) => board(base, c, changed));
    await Promise.all([a.ready, b.ready]);
    const moved = await forces.post(`/api/consequences/tasks/${task.id}/actions`, {
      action: "accept",
      reason: "",
      version: task.version,
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const [ea, eb] = await Promise.all([a.events, b.events]);
    const e = ea.find((x) => x.event === "task_changed" && x.taskId === task.id)!;
    expect(e.tasks?.map((t) => [t.id, t.status])).toEqual([[task.id, "accepted"]]);
    expect(eb.filter((x) => x.event === "task_changed")).toEqual([]);
  });
});

describe("with QORGAN_TASKS_IN_EVENTS=off", () => {
  it("the same events come without tasks", async () => {
    process.env.QORGAN_TASKS_IN_EVENTS = "off";
    const plain = await buildApp({ database, config: { signInRateLimit: 1000 } });
    delete process.env.QORGAN_TASKS_IN_EVENTS;
    try {
      const at = await listen(plain);
      const f = await signIn(plain, "forces");
      const h = await signIn(plain, "hq");
      const a = board(at, f, (es) => es.some((e) => e.event === "activated"));
      await a.ready;
      const res = await h.post("/api/consequences/activations", { planIds: [planId] });
      expect(res.statusCode, res.body).toBe(201);
      const e = (await a.events).find((x) => x.event === "activated" && x.activationId === res.json().id);
      expect(e).toBeDefined();
      expect(e?.tasks).toBeUndefined();
    } finally {
      await plain.close();
    }
  });
});
