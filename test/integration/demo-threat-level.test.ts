/**
 * The demo's threat level (Decree No. 611; R6, R10.1): after the demo seed (`start --demo`) the demo
 * city is at the moderate ("yellow") level declared by the ATC's demo coordinator days ago for a period
 * still running; the public page shows it with its announcement, the city's HQ sees it as its own level,
 * the ATC's task board shows who confirmed (on time, under their own names) and who is missing, two
 * measures are reported done; the steps are audited; a second seed run adds nothing.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { seedDemoThreatLevel } from "../../src/server/modules/threat-levels";
import type { Database } from "../../src/server/platform/db";
import { DEMO_CITY } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let atc: Client;
let hq: Client;
let secretary: Client;
let anonymous: Client;
let first: Awaited<ReturnType<typeof seedDemoThreatLevel>>;

type Task = {
  id: string;
  body: { id: string; kind: string; names: { ru: string } };
  status: string;
  confirmedAt: string | null;
  dueAt: string;
  confirmedBy: { fullName: string } | null;
  measures: { key: string; done: { at: string; by: { fullName: string } | null } | null }[];
};

/** Everything the seed writes or announces, to compare across runs. */
const counts = async () =>
  (
    await database.query<Record<string, string>>(
      `select (select count(*) from threat_level_declaration)::text as declarations,
              (select count(*) from threat_level_task)::text as tasks,
              (select count(*) from threat_level_task where confirmed_at is not null)::text as confirmed,
              (select coalesce(sum(jsonb_array_length(done)), 0) from threat_level_task)::text as done,
              (select count(*) from audit_event where action like 'threat_level.%')::text as audit`,
    )
  )[0];

beforeAll(async () => {
  database = await openTestDatabase();
  // The template has no level declared in the demo city: the demo level is for `start --demo` only.
  expect((await counts()).declarations).toBe("0");
  first = await seedDemoThreatLevel(database, { city: DEMO_CITY });
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [atc, hq, secretary] = await Promise.all(["atc", "hq", "secretary"].map((u) => signIn(app, u)));
  anonymous = client(app);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the demo threat level", () => {
  it("is the moderate level of the demo city, declared days ago by the ATC for a period still running", async () => {
    expect(first).not.toBeNull();
    const d = (await atc.get(`/api/threat-levels/${first!.declarationId}`)).json();
    expect(d).toMatchObject({ level: "moderate", status: "in_force", action: "declare" });
    expect(d.territories.map((t: { code: string }) => t.code)).toEqual([DEMO_CITY]);
    const day = 86_400_000;
    expect(Date.now() - Date.parse(d.startsAt)).toBeGreaterThan(2 * day);
    expect(Date.parse(d.endsAt) - Date.now()).toBeGreaterThan(14 * day);
    expect(d.grounds).toMatch(/Демо/);
    expect(d.announcement.kk).toMatch(/қалыпты \(«сары»\)/);
    expect(d.announcement.ru).toMatch(/умеренный \(«жёлтый»\)/);
    expect(d.announcement.en).toMatch(/moderate/);
    const current = (await atc.get("/api/threat-levels/current")).json().items;
    const city = current.find((x: { territory: { code: string } }) => x.territory.code === DEMO_CITY);
    expect(city.level).toBe("moderate");
    // The city's HQ (header chip, home tile): the level in force where it works.
    const mine = (await hq.get("/api/threat-levels/mine")).json().items;
    expect(mine.map((x: { level: string | null }) => x.level)).toContain("moderate");
  });

  it("shows on the public page, in Kazakh and Russian, without the grounds", async () => {
    const kk = await anonymous.get("/public");
    expect(kk.statusCode).toBe(200);
    expect(kk.body).toContain("Алматы қаласында терроризм қаупінің қалыпты");
    expect(kk.body).not.toContain("жедел ақпараты");
    const ru = await anonymous.get("/public/ru");
    expect(ru.statusCode).toBe(200);
    expect(ru.body).toContain("В городе Алматы установлен умеренный");
  });

  it("the ATC's board shows who confirmed on time and who is missing; two measures are done", async () => {
    const board = (await atc.get(`/api/threat-levels/${first!.declarationId}/tasks`)).json();
    expect(board.confirmed).toBe(5);
    expect(board.total).toBeGreaterThan(board.confirmed);
    expect(board.total).toBe(first!.tasks);
    const items = board.items as Task[];
    const missing = items.filter((t) => t.confirmedAt === null);
    expect(missing.length).toBe(board.total - 5);
    // Due 30 minutes after a decision days ago: whoever did not confirm is overdue.
    expect(board.overdue).toBe(missing.length);
    expect(missing.every((t) => t.status === "overdue")).toBe(true);
    const confirmed = items.filter((t) => t.confirmedAt !== null);
    expect(confirmed.map((t) => t.body.kind).sort()).toEqual([
      "commission",
      "hq",
      "organisation",
      "response_force",
      "state_body",
    ]);
    // The missing ones are named: the board lists them with their bodies (the city's akimat among them).
    expect(missing.some((t) => t.body.kind === "akimat")).toBe(true);
    for (const t of confirmed) {
      expect(Date.parse(t.confirmedAt!)).toBeLessThanOrEqual(Date.parse(t.dueAt));
      expect(t.confirmedBy?.fullName).toMatch(/\(demo\)$/);
    }
    const done = confirmed.flatMap((t) => t.measures.filter((m) => m.done).map((m) => m.key)).sort();
    expect(done).toEqual(["check_forces_readiness", "inform_population"]);
    expect(
      confirmed
        .filter((t) => t.status === "done")
        .map((t) => t.body.kind)
        .sort(),
    ).toEqual(["commission", "response_force"]);
  });

  it("the city commission's secretary sees the task confirmed and the measure reported", async () => {
    const items = (await secretary.get("/api/threat-level-tasks/mine")).json().items as Task[];
    const t = items.find((x) => x.body.kind === "commission")!;
    expect(t.status).toBe("done");
    expect(t.measures[0].done?.by?.fullName).toBe("Мәдина Оспанова (demo)");
  });

  it("every step went through the services: declared, confirmed and reported in the audit", async () => {
    const rows = await database.query<{ action: string; n: number }>(
      "select action, count(*)::int as n from audit_event where action like 'threat_level.%' group by action order by action",
    );
    expect(Object.fromEntries(rows.map((r) => [r.action, Number(r.n)]))).toEqual({
      "threat_level.declared": 1,
      "threat_level.measure_done": 2,
      "threat_level.task_confirmed": 5,
    });
  });

  it("a second seed run adds nothing", async () => {
    const before = await counts();
    expect(await seedDemoThreatLevel(database, { city: DEMO_CITY })).toBeNull();
    expect(await counts()).toEqual(before);
  });
});
