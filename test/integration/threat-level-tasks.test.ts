/**
 * Measures per level through HTTP: a declaration gives every body in the covered territory its
 * measures; each body confirms receipt (once, audited); the ATC sees "X of Y confirmed" and who is
 * overdue after 30 minutes; nobody confirms for another body; a raise brings the higher level's measures.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

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

type Task = { id: string; declarationId: string; measures: string[]; status: string; body: { kind: string } };

const decision = {
  grounds: "Негіздеме",
  announcement: { kk: "Қонаев: хабарлама", ru: "Конаев: объявление", en: "" },
};

let declId: string;

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
    expect(commission.measures).toEqual(["inform_population"]);
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
    const raised = mine.find((t) => t.declarationId === res.json().id)!;
    expect(raised.measures).toEqual([
      "inform_population",
      "review_mass_events",
      "consequence_plans_activated",
    ]);
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
