/**
 * Measures per level through HTTP: a declaration gives every body in the covered territory its
 * measures; each body confirms receipt (once, audited); the ATC sees "X of Y confirmed" and who is
 * overdue after 30 minutes; nobody confirms for another body; a raise brings the higher level's measures
 * and closes the old tasks; each measure is reported done; unconfirmed tasks go to the territory's HQ; a
 * lowering closes the open tasks with its reason; the catalogue of measures is the ATC's to change.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { escalateUnconfirmedTasks } from "../../src/server/modules/threat-levels";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";

let database: Database;
let app: FastifyInstance;
let atc: Client;
let district: Client;
let districtMember: Client;
let member: Client;
let hq: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [atc, district, districtMember, member, hq] = await Promise.all(
    ["atc", "district", "district-member", "member", "hq"].map((u) => signIn(app, u)),
  );
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

type Task = {
  id: string;
  declarationId: string;
  measures: {
    key: string;
    done: { byName: string; by: Parameters<typeof expectPersonIs>[1]; note: string } | null;
  }[];
  status: string;
  closedReason: string | null;
  escalatedTo: { id: string } | null;
  allowedActions: string[];
  body: { id: string; kind: string };
};
const keys = (t: Task) => t.measures.map((m) => m.key);

const decision = {
  grounds: "Негіздеме",
  announcement: { kk: "Қонаев: хабарлама", ru: "Конаев: объявление", en: "" },
};

let declId: string;
let raisedId: string;

describe("tasks of a declaration", () => {
  it("are made for every body of a tasked kind in the territory, with the level's measures", async () => {
    const res = await atc.post("/api/threat-levels", {
      ...decision,
      level: "moderate",
      territories: ["191000000"],
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    declId = res.json().id;
    const board = (await atc.get(`/api/threat-levels/${declId}/tasks`)).json();
    expect(board.total).toBeGreaterThanOrEqual(2);
    expect(board.confirmed).toBe(0);
    expect(board.overdue).toBe(0);
    const kinds = new Set(board.items.map((t: Task) => t.body.kind));
    expect(kinds).toContain("commission");
    expect(kinds).toContain("akimat");
    expect(kinds).not.toContain("atc");
    const commission = board.items.find((t: Task) => t.body.kind === "commission");
    expect(keys(commission)).toEqual(["inform_population"]);
    expect(commission.status).toBe("awaiting");
    const [row] = await database.query<{ n: string }>(
      "select (after->>'tasks') as n from audit_event where entity_id = $1 and action = 'threat_level.declared'",
      [declId],
    );
    expect(Number(row.n)).toBe(board.total);
  });

  it("each body confirms its own, once and audited; nobody confirms for another", async () => {
    const mine = (await district.get("/api/threat-level-tasks/mine")).json().items as Task[];
    expect(mine).toHaveLength(1);
    const task = mine[0];
    expect(task.body.kind).toBe("commission");
    // Others may not: a member elsewhere does not see it (404); the ATC sees it but acts for no such body (403).
    expect((await member.post(`/api/threat-level-tasks/${task.id}/confirm`, {})).statusCode).toBe(404);
    expect((await hq.post(`/api/threat-level-tasks/${task.id}/confirm`, {})).statusCode).toBe(404);
    expect((await atc.post(`/api/threat-level-tasks/${task.id}/confirm`, {})).statusCode).toBe(403);
    const ok = await district.post(`/api/threat-level-tasks/${task.id}/confirm`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe("confirmed");
    expect(ok.json().confirmedByName).toMatch(/Ерлан/);
    // Who confirmed, as pages name them: full name and body.
    await expectPersonIs(database, ok.json().confirmedBy, "district");
    const again = await district.post(`/api/threat-level-tasks/${task.id}/confirm`, {});
    expect(again.json().confirmedAt).toBe(ok.json().confirmedAt);
    const [{ n }] = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where entity_id = $1 and action = 'threat_level.task_confirmed'",
      [task.id],
    );
    expect(n).toBe("1");
    // The board is for those who may read the grounds (the ATC, HQs): not the commission's secretary.
    expect((await district.get(`/api/threat-levels/${declId}/tasks`)).statusCode).toBe(404);
    const board = (await atc.get(`/api/threat-levels/${declId}/tasks`)).json();
    expect(board.confirmed).toBe(1);
  });

  it("an unconfirmed task is overdue after 30 minutes; confirmed then, it is late", async () => {
    const akimatTask = (
      (await districtMember.get("/api/threat-level-tasks/mine")).json().items as Task[]
    ).find((t) => t.declarationId === declId)!;
    expect(akimatTask.body.kind).toBe("akimat");
    await database.query("update threat_level_task set due_at = now() - interval '1 minute' where id = $1", [
      akimatTask.id,
    ]);
    const board = (await atc.get(`/api/threat-levels/${declId}/tasks`)).json();
    expect(board.overdue).toBe(1);
    expect(board.items[0].status).toBe("overdue"); // the unconfirmed come first
    const late = await districtMember.post(`/api/threat-level-tasks/${akimatTask.id}/confirm`, {});
    expect(late.json().status).toBe("confirmed_late");
  });

  it("a raise brings new tasks with the higher level's measures", async () => {
    const res = await atc.post(`/api/threat-levels/${declId}/changes`, {
      ...decision,
      action: "raise",
      level: "critical",
    });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (await district.get("/api/threat-level-tasks/mine")).json().items as Task[];
    expect(mine).toHaveLength(2);
    raisedId = res.json().id;
    const raised = mine.find((t) => t.declarationId === res.json().id)!;
    // The old level's task ends: the new one carries the higher level's measures (confirmed or not).
    const old = mine.find((t) => t.declarationId === declId)!;
    expect(old.status).toBe("closed");
    expect(old.closedReason).toBe("superseded");
    expect(old.allowedActions).toEqual([]);
    expect(
      (await district.post(`/api/threat-level-tasks/${old.id}/done`, { key: "inform_population" }))
        .statusCode,
    ).toBe(409);
    expect(keys(raised)).toEqual(["inform_population", "review_mass_events", "consequence_plans_activated"]);
    // An extension sets no new level: no new tasks.
    const ext = await atc.post(`/api/threat-levels/${res.json().id}/changes`, {
      ...decision,
      action: "extend",
      endsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(ext.statusCode).toBe(201);
    expect((await district.get("/api/threat-level-tasks/mine")).json().items).toHaveLength(2);
  });
});

describe("measures done, escalation, closing", () => {
  it("each measure is reported done once, by the body; a key not in the task is a field error", async () => {
    const mine = (await district.get("/api/threat-level-tasks/mine")).json().items as Task[];
    const task = mine.find((t) => t.declarationId === raisedId)!;
    expect(task.allowedActions).toEqual(["confirm", "report_done"]);
    const bad = await district.post(
      `/api/threat-level-tasks/${task.id}/done`,
      { key: "no_such_measure" },
      { "accept-language": "ru" },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields?.key ?? bad.json().message).toBeTruthy();
    expect(
      (await member.post(`/api/threat-level-tasks/${task.id}/done`, { key: "inform_population" })).statusCode,
    ).toBe(404);
    let last: Task | undefined;
    for (const key of keys(task)) {
      const res = await district.post(`/api/threat-level-tasks/${task.id}/done`, {
        key,
        note: `сделано: ${key}`,
      });
      expect(res.statusCode, res.body).toBe(200);
      last = res.json();
    }
    expect(last!.status).toBe("done");
    expect(last!.measures.every((m) => m.done?.note.startsWith("сделано"))).toBe(true);
    for (const m of last!.measures) await expectPersonIs(database, m.done?.by, "district");
    expect(last!.allowedActions).toEqual([]);
    // Reporting done confirmed receipt too; again changes nothing.
    const again = await district.post(`/api/threat-level-tasks/${task.id}/done`, {
      key: keys(task)[0],
      note: "x",
    });
    expect(again.json().measures[0].done.note).toBe(`сделано: ${keys(task)[0]}`);
    const [{ n }] = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where entity_id = $1 and action = 'threat_level.measure_done'",
      [task.id],
    );
    expect(Number(n)).toBe(keys(task).length);
  });

  it("an unconfirmed task past due goes once to the HQ of the body's territory, which sees it", async () => {
    const akimat = ((await districtMember.get("/api/threat-level-tasks/mine")).json().items as Task[]).find(
      (t) => t.declarationId === raisedId,
    )!;
    expect(akimat.escalatedTo).toBeNull();
    await database.query("update threat_level_task set due_at = now() - interval '1 minute' where id = $1", [
      akimat.id,
    ]);
    expect(await escalateUnconfirmedTasks(database)).toBeGreaterThanOrEqual(1);
    expect(await escalateUnconfirmedTasks(database)).toBe(0);
    const after = ((await districtMember.get("/api/threat-level-tasks/mine")).json().items as Task[]).find(
      (t) => t.id === akimat.id,
    )!;
    expect(after.escalatedTo).not.toBeNull();
    const hqBody = (await atc.get(`/api/bodies/${after.escalatedTo!.id}`)).json();
    expect(hqBody.territoryPath).toMatch(/^KZ/);
    expect(hqBody.kind).toBe("hq");
    const akimatBody = (await atc.get(`/api/bodies/${akimat.body.id}`)).json();
    expect(`${akimatBody.territoryPath}/`.startsWith(`${hqBody.territoryPath}/`)).toBe(true);
    const [{ n }] = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where entity_id = $1 and action = 'threat_level.task_escalated'",
      [akimat.id],
    );
    expect(n).toBe("1");
  });

  it("lowering closes the open tasks with its reason and gives the lower level's", async () => {
    const chainHead = (await atc.get("/api/threat-levels"))
      .json()
      .items.find(
        (d: { allowedActions: string[]; territories: { code: string }[] }) =>
          d.allowedActions.includes("lower") && d.territories.some((x) => x.code === "191000000"),
      );
    const res = await atc.post(`/api/threat-levels/${chainHead.id}/changes`, {
      ...decision,
      action: "lower",
      level: "moderate",
    });
    expect(res.statusCode, res.body).toBe(201);
    const mine = (await districtMember.get("/api/threat-level-tasks/mine")).json().items as Task[];
    const previous = mine.filter((t) => t.declarationId === raisedId);
    expect(previous.length).toBeGreaterThan(0);
    expect(previous.every((t) => t.status === "closed" && t.closedReason === "lowered")).toBe(true);
    const lowered = mine.find((t) => t.declarationId === res.json().id)!;
    expect(lowered.status).toBe("awaiting");
    const [row] = await database.query<{ n: string }>(
      "select after->>'closedTasks' as n from audit_event where entity_id = $1 and action = 'threat_level.changed'",
      [res.json().id],
    );
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  it("the catalogue of measures: everyone reads it, the ATC replaces it, new declarations task by it", async () => {
    const read = (await district.get("/api/threat-levels/measures")).json();
    expect(read.version).toBe(0);
    expect(read.canEdit).toBe(false);
    const own = {
      key: "check_shelters",
      from: "moderate",
      kinds: ["akimat"],
      basis: ["R21.1"],
      names: { kk: "Паналау орындарын тексеру", ru: "Проверить укрытия", en: "Check shelters" },
    };
    const body = { version: 0, items: [...read.items, own] };
    expect((await district.put("/api/threat-levels/measures", body)).statusCode).toBe(403);
    // A measure of its own needs its texts; a duplicate key is refused; nothing is written.
    const noText = await atc.put("/api/threat-levels/measures", {
      version: 0,
      items: [...read.items, { ...own, names: null }],
    });
    expect(noText.statusCode).toBe(400);
    const dup = await atc.put("/api/threat-levels/measures", {
      version: 0,
      items: [...read.items, read.items[0]],
    });
    expect(dup.statusCode).toBe(400);
    expect((await atc.get("/api/threat-levels/measures")).json().version).toBe(0);
    const ok = await atc.put("/api/threat-levels/measures", body);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toBe(1);
    expect((await atc.put("/api/threat-levels/measures", body)).statusCode).toBe(409);
    const decl = await atc.post("/api/threat-levels", {
      ...decision,
      level: "moderate",
      territories: ["191000000"],
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(decl.statusCode, decl.body).toBe(201);
    const task = ((await districtMember.get("/api/threat-level-tasks/mine")).json().items as Task[]).find(
      (t) => t.declarationId === decl.json().id,
    )!;
    const m = task.measures.find((x) => x.key === "check_shelters") as unknown as { names: { ru: string } };
    expect(m.names.ru).toBe("Проверить укрытия");
    // Back to the default for the other tests of this file's database.
    expect((await atc.put("/api/threat-levels/measures", { version: 1, items: read.items })).statusCode).toBe(
      200,
    );
  });
});

describe("the board by territory", () => {
  type Counts = {
    total: number;
    confirmed: number;
    missing: number;
    overdue: number;
    escalated: number;
    closed: number;
    done: number;
  };
  type Row = Counts & { territory: { code: string }; own: boolean; drillable: boolean };
  type ByTerritory = {
    parent: { code: string };
    up: { code: string } | null;
    totals: Counts;
    items: Row[];
    listsMissing: boolean;
    missingBodies: {
      taskId: string;
      body: { id: string; kind: string };
      status: string;
      escalated: boolean;
    }[];
  };
  let regionDecl: string;
  const byTerritory = async (parent?: string, who: Client = atc) => {
    const res = await who.get(
      `/api/threat-levels/${regionDecl}/tasks/by-territory${parent ? `?parent=${parent}` : ""}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as ByTerritory;
  };
  const sum = (items: Row[], k: keyof Counts) => items.reduce((n, x) => n + x[k], 0);

  it("counts per region add up to the decision's totals", async () => {
    const res = await atc.post("/api/threat-levels", {
      ...decision,
      level: "high",
      territories: ["190000000"],
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    regionDecl = res.json().id;
    const board = (await atc.get(`/api/threat-levels/${regionDecl}/tasks`)).json();
    const top = await byTerritory();
    expect(top.parent.code).toBe("KZ");
    expect(top.up).toBeNull();
    expect(top.missingBodies).toEqual([]); // the republic lists regions, not bodies
    expect(top.items.map((x) => x.territory.code)).toEqual(["190000000"]);
    expect(top.totals.total).toBe(board.total);
    expect(sum(top.items, "total")).toBe(board.total);
    expect(sum(top.items, "confirmed")).toBe(board.confirmed);
    expect(sum(top.items, "overdue")).toBe(board.overdue);
    expect(top.totals.missing).toBe(board.total);
    // A region: its own bodies and its districts and cities, adding up to the region's row.
    const region = await byTerritory("190000000");
    expect(region.up?.code).toBe("KZ");
    expect(sum(region.items, "total")).toBe(top.items[0].total);
    const konaev = region.items.find((x) => x.territory.code === "191000000")!;
    expect(konaev.drillable).toBe(true);
    expect(konaev.total).toBeGreaterThanOrEqual(2);
    expect(region.items.filter((x) => x.own).every((x) => x.territory.code === "190000000")).toBe(true);
    expect(region.listsMissing).toBe(false); // a region lists its districts; the bodies are one level down
    expect(region.missingBodies).toEqual([]);
  });

  it("a district drill-down lists the bodies still missing; a confirmation changes the counts", async () => {
    const task = ((await district.get("/api/threat-level-tasks/mine")).json().items as Task[]).find(
      (t) => t.declarationId === regionDecl,
    )!;
    const before = await byTerritory("191000000");
    expect(before.listsMissing).toBe(true);
    expect(before.missingBodies.map((m) => m.taskId)).toContain(task.id);
    const row = before.missingBodies.find((m) => m.taskId === task.id)!;
    expect(row.body.kind).toBe("commission");
    expect(row.status).toBe("awaiting");
    expect((await district.post(`/api/threat-level-tasks/${task.id}/confirm`, {})).statusCode).toBe(200);
    const after = await byTerritory("191000000");
    expect(after.missingBodies.map((m) => m.taskId)).not.toContain(task.id);
    expect(after.totals.confirmed).toBe(before.totals.confirmed + 1);
    expect(after.totals.missing).toBe(before.totals.missing - 1);
    const top = await byTerritory();
    expect(top.items[0].confirmed).toBe(before.totals.confirmed + 1);
    // Past the due time the rest are overdue, counted and listed as such.
    await database.query(
      "update threat_level_task set due_at = now() - interval '1 minute' where declaration_id = $1",
      [regionDecl],
    );
    const late = await byTerritory("191000000");
    expect(late.totals.overdue).toBe(late.totals.missing);
    expect(late.missingBodies.every((m) => m.status === "overdue")).toBe(true);
    // Every measure done: counted as done.
    for (const m of task.measures)
      await district.post(`/api/threat-level-tasks/${task.id}/done`, { key: m.key, note: "" });
    expect((await byTerritory("191000000")).totals.done).toBe(late.totals.done + 1);
  });

  it("is for those who may read the grounds: others get 404, an unknown territory too", async () => {
    const url = `/api/threat-levels/${regionDecl}/tasks/by-territory`;
    expect((await district.get(url)).statusCode).toBe(404);
    expect((await districtMember.get(`${url}?parent=191000000`)).statusCode).toBe(404);
    expect((await hq.get(url)).statusCode).toBe(404); // the HQ of another region
    expect((await atc.get(`${url}?parent=199999999`)).statusCode).toBe(404);
    expect((await atc.get(`${url}?parent=abc`)).statusCode).toBe(400);
    expect((await app.inject({ method: "GET", url })).statusCode).toBe(401);
    const auditor = await signIn(app, "auditor");
    expect((await auditor.get(url)).statusCode).toBe(200);
    expect(
      (await atc.get("/api/threat-levels/00000000-0000-4000-8000-000000000000/tasks/by-territory"))
        .statusCode,
    ).toBe(404);
  });
});
