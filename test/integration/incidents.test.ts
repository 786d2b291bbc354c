/**
 * Incident reports (R16) through HTTP: filed once even when retried, routed to the competent HQ (R18),
 * seen only by the reporter's body and the HQs/ATC above the place, triaged with history and audit.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { verifyAudit } from "../../src/server/modules/audit/audit.service";
import type { Database } from "../../src/server/platform/db";
import { speedOn } from "../../src/server/platform/speed-switches";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let admin: Client;
let auditor: Client;

const MEDEU = "751710000"; // a city district of Almaty (no HQ of its own → Almaty city HQ)
const KONAEV = "191000000"; // a city of Almaty region (its own HQ)

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [reporter, hq, admin, auditor] = await Promise.all(
    ["reporter", "hq", "admin", "auditor"].map((u) => signIn(app, u)),
  );
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const report = (c: Client, body: Record<string, unknown>, key = randomUUID()) =>
  c.post(
    "/api/incidents",
    {
      type: "suspicious_object",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      territoryCode: MEDEU,
      address: "Достық даңғылы, 1",
      description: "Иесіз сөмке қалдырылған",
      ...body,
    },
    { "idempotency-key": key },
  );

const countIncidents = async () =>
  Number((await database.query<{ n: string }>("select count(*)::text as n from incident"))[0].n);

describe("filing a report", () => {
  it("gets a registration number and the receipt time, and is routed to the city HQ", async () => {
    const res = await report(reporter, {});
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.regNumber).toMatch(/^\d{4}-\d{6}$/);
    expect(r.status).toBe("received");
    expect(Math.abs(Date.parse(r.receivedAt) - Date.now())).toBeLessThan(60_000);
    expect(r.hq.names.ru).toBe("Оперативный штаб города Алматы");
    expect(r.basis).toEqual(["R16", "R18"]);
    expect(r.nextActions).toEqual([]); // the reporter does not triage
    // The filing answer names the person and the body they reported for, as later reads do.
    const later = (await reporter.get(`/api/incidents/${r.id}`)).json();
    expect(r.history[0].actor.fullName).toBeTruthy();
    expect(r.history[0].actor).toEqual(later.history[0].actor);
    expect(r.history[0].actor.body.id).toBe(r.reporterBody.id);
    expect(JSON.stringify((await admin.get(`/api/audit?entityId=${r.id}`)).json())).not.toContain(
      "reporterContact",
    );
  });

  it("a retried submission with the same key files nothing twice, even when the retries race", async () => {
    const key = randomUUID();
    const before = await countIncidents();
    const first = await report(reporter, {}, key);
    const again = await report(reporter, {}, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const raceKey = randomUUID();
    const answers = await Promise.all(Array.from({ length: 5 }, () => report(reporter, {}, raceKey)));
    expect(answers.every((a) => a.statusCode < 300)).toBe(true);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countIncidents()).toBe(before + 2);
  });

  it("reports arriving together are filed together: each once, each routed and audited, the chain intact", async () => {
    const before = await countIncidents();
    const raceKey = randomUUID();
    const places = [{}, { territoryCode: KONAEV }, { offshore: true, territoryCode: "KZ-CASPIAN" }];
    const answers = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        report(reporter, { ...places[i % 3], description: `Топ ${i}` }),
      ),
      ...Array.from({ length: 4 }, () => report(reporter, { description: "Қайталанған" }, raceKey)),
      report(reporter, { territoryCode: "759999999" }),
    ]);
    const unknown = answers.pop()!;
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(unknown.json().fields[0].path).toBe("territoryCode");
    expect(answers.every((a) => a.statusCode === 201 || a.statusCode === 200)).toBe(true);
    const group = answers.slice(0, 30).map((a) => a.json());
    expect(group.map((r) => r.hq.names.en)).toEqual(
      group.map(
        (_, i) =>
          [
            "Operational headquarters of Almaty city",
            "Operational headquarters of Konaiev city",
            "Marine operational headquarters",
          ][i % 3],
      ),
    );
    expect(new Set(group.map((r) => r.regNumber)).size).toBe(30);
    expect(new Set(answers.slice(30).map((a) => a.json().id)).size).toBe(1);
    expect(await countIncidents()).toBe(before + 31);
    // Filed in groups (one audit time per group), every report audited once, the chain verifies.
    const audited = await database.query<{ at: string; entity_id: string }>(
      "select at::text, entity_id from audit_event where action = 'incident.reported' and entity_id = any($1)",
      [group.map((r) => r.id)],
    );
    expect(audited.map((a) => a.entity_id).sort()).toEqual(group.map((r) => r.id).sort());
    // Grouped unless intake batching is switched off (QORGAN_INTAKE_BATCHING=off: each alone).
    if (speedOn("intakeBatching")) expect(new Set(audited.map((a) => a.at)).size).toBeLessThan(30);
    expect((await verifyAudit(database)).ok).toBe(true);
  });

  it("audits every report filed in a group once, any text chained as the application verifies it, with its number", async () => {
    const texts = [
      `Кавычки "қос" және 'жалғыз', кері қиғаш \\ және $q$ $q1$ $$ — ${"ә".repeat(300)}`,
      "Жол\nүзілісі\tжәне басқару таңбалары \u0001\u001f, эмодзи 🚨🧨, 中文, \u2028 \u2063reg:🙂",
      '{"regNumber":"жалған"} \\u0000 %s $x </script>',
    ];
    const key = randomUUID();
    const answers = await Promise.all([
      ...texts.map((description) => report(reporter, { description })),
      report(reporter, { description: "бір кілт екі рет" }, key),
      report(reporter, { description: "бір кілт екі рет" }, key),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 201, 201, 201, 201]);
    const filed = answers.filter((a) => a.statusCode === 201).map((a) => a.json());
    expect(filed.slice(0, 3).map((f) => f.description)).toEqual(texts);
    const entries = await database.query<{ entity_id: string; reg: string; description: string }>(
      `select entity_id, after->>'regNumber' as reg, after->>'description' as description
         from audit_event where action = 'incident.reported' and entity_id = any($1)`,
      [filed.map((f) => f.id)],
    );
    // One entry per report filed (the retried key none), with its registration number and text.
    expect(entries.map((e) => e.entity_id).sort()).toEqual(filed.map((f) => f.id).sort());
    const byId = new Map(entries.map((e) => [e.entity_id, e]));
    for (const f of filed) {
      expect(byId.get(f.id)?.reg).toBe(f.regNumber);
      expect(f.regNumber).toMatch(/^\d{4}-\d{6}$/);
      expect(byId.get(f.id)?.description).toBe(f.description);
    }
    expect(await verifyAudit(database)).toMatchObject({ ok: true, problems: [] });
  });

  it("offshore reports go to the marine HQ; a place in Almaty region goes to that city's HQ", async () => {
    const sea = (await report(reporter, { offshore: true, territoryCode: "KZ-CASPIAN" })).json();
    expect(sea.hq.names.en).toBe("Marine operational headquarters");
    const konaev = (await report(reporter, { territoryCode: KONAEV })).json();
    expect(konaev.hq.names.ru).toBe("Оперативный штаб города Конаев");
  });

  it("refuses bad input with field errors and changes nothing", async () => {
    const before = await countIncidents();
    const res = await report(reporter, { type: "nonsense", territoryCode: "123", description: "" });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(["description", "territoryCode", "type"]);
    const noKey = await reporter.post("/api/incidents", { type: "other" });
    expect(noKey.statusCode).toBe(400);
    expect(await countIncidents()).toBe(before);
  });

  it("an auditor cannot file reports", async () => {
    expect((await report(auditor, {})).statusCode).toBe(403);
  });
});

describe("who sees a report", () => {
  it("the city HQ sees Almaty's reports but not the marine HQ's or another city's (404)", async () => {
    const mine = (await report(reporter, {})).json();
    const sea = (await report(reporter, { offshore: true, territoryCode: "KZ-CASPIAN" })).json();
    const konaev = (await report(reporter, { territoryCode: KONAEV })).json();
    expect((await hq.get(`/api/incidents/${mine.id}`)).json().nextActions).toEqual(["acknowledge"]);
    expect((await hq.get(`/api/incidents/${sea.id}`)).statusCode).toBe(404);
    expect((await hq.get(`/api/incidents/${konaev.id}`)).statusCode).toBe(404);
    const arson = (await hq.get("/api/incidents?type=arson&limit=500")).json();
    expect(arson.items.every((i: { type: string }) => i.type === "arson")).toBe(true);
    const list = (await hq.get("/api/incidents?limit=500")).json();
    const ids = list.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(sea.id);
    expect(ids).not.toContain(konaev.id);
    // The republic-wide administrator (ATC) sees all of them.
    for (const id of [mine.id, sea.id, konaev.id])
      expect((await admin.get(`/api/incidents/${id}`)).statusCode).toBe(200);
  });

  it("another organisation's reporter does not see the report", async () => {
    const mine = (await report(reporter, {})).json();
    const member = await signIn(app, "member"); // commission member: no reporting or triage role
    expect((await member.get(`/api/incidents/${mine.id}`)).statusCode).toBe(404);
    expect((await member.get("/api/incidents")).json().total).toBe(0);
  });
});

describe("triage", () => {
  it("acknowledge → assess → close with a reason, with history, versions and audit", async () => {
    const r = (await report(reporter, { type: "threat_message" })).json();
    const act = (body: Record<string, unknown>) => hq.post(`/api/incidents/${r.id}/actions`, body);
    const ack = await act({ action: "acknowledge", version: 1, comment: "Қабылдадық" });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().acknowledgedAt).toBeTruthy();
    expect(ack.json().nextActions).toEqual(["assess", "close"]); // "link" waits for operations
    expect((await act({ action: "assess", version: 1 })).json().code).toBe("version_conflict");
    expect((await act({ action: "assess", version: 2 })).statusCode).toBe(200);
    const noReason = await act({ action: "close", version: 3 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().fields).toEqual([expect.objectContaining({ path: "reason", code: "required" })]);
    const closed = await act({
      action: "close",
      version: 3,
      reason: "knowingly_false_report",
      comment: "Жалған хабар",
    });
    expect(closed.json()).toMatchObject({
      status: "closed",
      closeReason: "knowingly_false_report",
      nextActions: [],
    });
    expect(closed.json().history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
      "received",
      "acknowledged",
      "assessing",
      "closed",
    ]);
    const again = await act({ action: "assess", version: 4 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("invalid_transition");
    const audit = (await admin.get(`/api/audit?entityId=${r.id}&action=incident.triaged`)).json();
    expect(audit.total).toBe(3);
  });

  it("the reporter cannot triage its own report", async () => {
    const r = (await report(reporter, {})).json();
    expect(
      (await reporter.post(`/api/incidents/${r.id}/actions`, { action: "acknowledge", version: 1 }))
        .statusCode,
    ).toBe(403);
  });
});

describe("escalation when the HQ does not acknowledge in time", () => {
  it("moves an overdue report up the chain (city → region → republican), recorded and audited", async () => {
    const { escalateOverdue } = await import("../../src/server/modules/incidents/incidents.jobs");
    const r = (await report(reporter, { territoryCode: KONAEV })).json();
    expect(r.hq.names.ru).toBe("Оперативный штаб города Конаев");
    const later = (s: number) => new Date(Date.parse(r.ackDeadline) + s * 1000);
    // Before its deadline the report stays with its HQ (earlier reports of this file may move: not this one).
    await escalateOverdue(database, { ackDeadlineSeconds: 300 }, new Date(Date.parse(r.ackDeadline) - 1000));
    expect((await admin.get(`/api/incidents/${r.id}`)).json().hq.id).toBe(r.hq.id);
    await escalateOverdue(database, { ackDeadlineSeconds: 300 }, later(1));
    let now = (await admin.get(`/api/incidents/${r.id}`)).json();
    expect(now.hq.names.ru).toBe("Оперативный штаб Алматинской области");
    expect(now.history.map((h: { action: string }) => h.action)).toEqual(["report", "escalate"]);
    await escalateOverdue(database, { ackDeadlineSeconds: 300 }, later(400));
    now = (await admin.get(`/api/incidents/${r.id}`)).json();
    expect(now.hq.names.ru).toBe("Республиканский оперативный штаб");
    await escalateOverdue(database, { ackDeadlineSeconds: 300 }, later(800));
    expect((await admin.get(`/api/incidents/${r.id}`)).json().history).toHaveLength(3); // nothing above the republican HQ
    const audit = (await admin.get(`/api/audit?entityId=${r.id}&action=incident.escalated`)).json();
    expect(audit.total).toBe(2);
  });

  it("an acknowledged report is not escalated", async () => {
    const { escalateOverdue } = await import("../../src/server/modules/incidents/incidents.jobs");
    const r = (await report(reporter, {})).json();
    await hq.post(`/api/incidents/${r.id}/actions`, { action: "acknowledge", version: 1 });
    await escalateOverdue(
      database,
      { ackDeadlineSeconds: 300 },
      new Date(Date.parse(r.ackDeadline) + 60_000),
    );
    expect((await hq.get(`/api/incidents/${r.id}`)).json().hq.id).toBe(r.hq.id);
  });
});

describe("possible duplicates", () => {
  it("points out a similar report of the same area and merges it without losing its content", async () => {
    const a = (
      await report(reporter, {
        type: "threat_message",
        description: "Мектепке электрондық пошта арқылы жарылыс қаупі келді",
      })
    ).json();
    const b = (
      await report(reporter, {
        type: "threat_message",
        description: "Мектепке электрондық поштамен жарылыс қаупі туралы хат келді",
      })
    ).json();
    const other = (
      await report(reporter, {
        type: "arson",
        territoryCode: "750000000",
        description: "Қоқыс жәшігі өртенді",
      })
    ).json();
    const detail = (await hq.get(`/api/incidents/${a.id}`)).json();
    const ids = detail.possibleDuplicates.map((d: { id: string }) => d.id);
    expect(ids).toContain(b.id);
    expect(ids).not.toContain(other.id);
    expect(detail.possibleDuplicates.find((d: { id: string }) => d.id === b.id).similarity).toBeGreaterThan(
      0.3,
    );
    expect((await reporter.get(`/api/incidents/${a.id}`)).json().possibleDuplicates).toEqual([]); // triage only

    const merged = await hq.post(`/api/incidents/${a.id}/merge`, {
      duplicateId: b.id,
      version: detail.version,
      comment: "Бір хат",
    });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().merged).toEqual([expect.objectContaining({ id: b.id, description: b.description })]);
    const dup = (await hq.get(`/api/incidents/${b.id}`)).json();
    expect(dup).toMatchObject({
      status: "closed",
      closeReason: "duplicate",
      mergedIntoId: a.id,
      description: b.description,
    });
    expect(dup.history.at(-1)).toMatchObject({ action: "merge", toStatus: "closed" });
    const again = await hq.post(`/api/incidents/${a.id}/merge`, {
      duplicateId: b.id,
      version: merged.json().version,
    });
    expect(again.statusCode).toBe(409);
  });
});

describe("the national picture", () => {
  it("counts reports by region and type within the reader's scope", async () => {
    await report(reporter, { territoryCode: KONAEV, type: "arson" });
    const national = (await admin.get("/api/incidents/picture?days=1")).json();
    const almatyRegion = national.regions.find((r: { code: string }) => r.code === "190000000");
    expect(almatyRegion.total).toBeGreaterThanOrEqual(1);
    expect(almatyRegion.names.ru).toBe("Алматинская область");
    expect(
      national.cells.some(
        (c: { region: string; type: string }) => c.region === "190000000" && c.type === "arson",
      ),
    ).toBe(true);
    const city = (await hq.get("/api/incidents/picture?days=1")).json();
    expect(city.regions.map((r: { code: string }) => r.code)).toEqual(["750000000"]); // only its own area
    expect((await hq.get("/api/incidents/picture?days=0")).statusCode).toBe(400);
  });
});

describe("waves (campaigns)", () => {
  it("groups a wave of hundreds among unrelated reports in one pass of the job", async () => {
    const text = "Мектепте жарылғыш құрылғы бар, барлығы эвакуацияланбаса жарылады — Qorgan big wave";
    const places = ["751710000", "191000000", "750000000", "KZ-CASPIAN"];
    const filed = await Promise.all([
      ...Array.from({ length: 200 }, (_, i) =>
        report(reporter, {
          type: "threat_message",
          territoryCode: places[i % 4],
          offshore: i % 4 === 3,
          description: text,
        }),
      ),
      ...Array.from({ length: 100 }, () =>
        report(reporter, { type: "threat_message", description: `Белгісіз хабарлама ${randomUUID()}` }),
      ),
    ]);
    expect(filed.every((f) => f.statusCode === 201)).toBe(true);
    const { groupWaves } = await import("../../src/server/modules/incidents/waves");
    expect(await groupWaves(database)).toBeGreaterThanOrEqual(200);
    const ids = filed.map((f) => f.json().id as string);
    const rows = await database.query<{ id: string; campaign_id: string | null }>(
      "select id, campaign_id from incident where id = any($1)",
      [ids],
    );
    const campaignOf = new Map(rows.map((r) => [r.id, r.campaign_id]));
    const waveCampaigns = new Set(ids.slice(0, 200).map((id) => campaignOf.get(id)));
    expect(waveCampaigns.size).toBe(1);
    expect([...waveCampaigns][0]).toBeTruthy();
    expect(ids.slice(200).every((id) => campaignOf.get(id) === null)).toBe(true);
    expect(await groupWaves(database)).toBe(0);
  });

  it("the job remembers a report examined alone, and forgets one closed since or grouped by another instance", async () => {
    const { groupWaves } = await import("../../src/server/modules/incidents/waves");
    const text = "Әуежайда миналанған көлік тұр деген хабарлама — Qorgan memory test";
    const file = async () =>
      (await report(reporter, { type: "threat_message", description: text })).json().id as string;
    const campaignOf = async (id: string) =>
      (
        await database.query<{ c: string | null }>("select campaign_id as c from incident where id = $1", [
          id,
        ])
      )[0].c;
    const a = await file();
    await groupWaves(database);
    expect(await campaignOf(a)).toBeNull(); // alone: nothing to group with yet
    await database.query("update incident set status = 'closed' where id = $1", [a]);
    const b = await file();
    await groupWaves(database);
    expect(await campaignOf(b)).toBeNull(); // its only peer was closed meanwhile
    // Another instance ran a pass (the pass number moved on): this one reloads before deciding.
    await database.query("select nextval('incident_wave_pass_seq')");
    const c = await file();
    await groupWaves(database);
    const campaign = await campaignOf(c);
    expect(campaign).toBeTruthy();
    expect(await campaignOf(b)).toBe(campaign);
    expect(await campaignOf(a)).toBeNull();
  });

  it("loads the planner's index again when it was lost", async () => {
    const { dropWaveIndex, groupWaves } = await import("../../src/server/modules/incidents/waves");
    const text = "Сауда орталығының тоңазытқыш бөлмесінде күдікті қорап — Qorgan planner thread test";
    const file = async () =>
      (await report(reporter, { type: "suspicious_object", description: text })).json().id as string;
    const a = await file();
    await groupWaves(database);
    // The index that held `a` goes (the jobs stopped, say).
    await dropWaveIndex(database);
    const b = await file();
    await groupWaves(database);
    const rows = await database.query<{ id: string; c: string | null }>(
      "select id, campaign_id as c from incident where id = any($1)",
      [[a, b]],
    );
    expect(rows.map((r) => r.c)[0]).toBeTruthy();
    expect(new Set(rows.map((r) => r.c)).size).toBe(1);
  });

  it("groups a mass threat across territories into one campaign, counted per scope, closed in one action", async () => {
    const text =
      "Сіздің ғимаратыңызда бомба бар, барлығы жарылады. Бұл хат 14:05 жіберілді — Qorgan wave test";
    const places = ["751710000", "191000000", "750000000"];
    const filed = [];
    for (const p of places)
      filed.push(
        (await report(reporter, { type: "threat_message", territoryCode: p, description: text })).json(),
      );
    const unrelated = (
      await report(reporter, {
        type: "threat_message",
        territoryCode: "750000000",
        description: "Қоңырау шалып қорқытты",
      })
    ).json();
    // Grouping runs in the background (every second in a server); here we run it once.
    const { groupWaves } = await import("../../src/server/modules/incidents/waves");
    await groupWaves(database);
    const details = await Promise.all(filed.map((f) => admin.get(`/api/incidents/${f.id}`)));
    const campaignIds = new Set(details.map((d) => d.json().campaignId));
    expect(campaignIds.size).toBe(1);
    const [campaignId] = [...campaignIds];
    expect(campaignId).toBeTruthy();
    expect((await admin.get(`/api/incidents/${unrelated.id}`)).json().campaignId).not.toBe(campaignId);

    const national = (await admin.get("/api/campaigns?status=open"))
      .json()
      .items.find((c: { id: string }) => c.id === campaignId);
    expect(national).toMatchObject({ total: 3, open: 3, regions: 2 });
    const city = (await hq.get("/api/campaigns?status=open"))
      .json()
      .items.find((c: { id: string }) => c.id === campaignId);
    expect(city).toMatchObject({ total: 2, open: 2 }); // the Konaev report is outside the city HQ's area
    const board = (await hq.get("/api/incidents?campaign=none&limit=500")).json();
    expect(board.items.some((i: { campaignId: string | null }) => i.campaignId === campaignId)).toBe(false);

    const closed = await admin.post(`/api/campaigns/${campaignId}/close`, {
      reason: "knowingly_false_report",
      comment: "Жалған хабарлама толқыны",
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ closed: 3, remaining: 0 });
    expect(closed.json().campaign.status).toBe("closed");
    for (const f of filed) {
      const d = (await admin.get(`/api/incidents/${f.id}`)).json();
      expect(d).toMatchObject({ status: "closed", closeReason: "knowingly_false_report" });
      expect(d.history.at(-1).comment).toBe("Жалған хабарлама толқыны");
    }
    expect(
      (await reporter.post(`/api/campaigns/${campaignId}/close`, { reason: "knowingly_false_report" }))
        .statusCode,
    ).toBe(403);
  });
});
