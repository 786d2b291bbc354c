/**
 * Referral to the police of a report closed as a knowingly false report of an act of terrorism
 * (Criminal Code art. 273; R16): the HQ chooses a territorial police body (the report's by default),
 * the referral is in the history, audited and notified to the police body's accounts, who may then
 * open that report; a second referral to the same body is refused; others may not refer.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { verifyAudit } from "../../src/server/modules/audit/audit.service";
import { seedDemoPastIncidents } from "../../src/server/modules/incidents";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let district: Client;
let member: Client;
let anonymous: Client;

const MEDEU = "751710000"; // a city district of Almaty (Almaty city HQ)
const KONAEV = "191000000"; // a city of Almaty region (its own HQ)

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [reporter, hq, district, member] = await Promise.all(
    ["reporter", "hq", "district", "member"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function closedReport(
  territoryCode: string,
  reason: "knowingly_false_report" | "no_signs_of_terrorism",
  by: Client = hq,
) {
  const res = await reporter.post(
    "/api/incidents",
    {
      type: "threat_message",
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      territoryCode,
      address: "Абай даңғылы, 10",
      description: `Мектепке жарылыс туралы қоңырау ${randomUUID()}`,
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const act = (body: Record<string, unknown>) => by.post(`/api/incidents/${id}/actions`, body);
  expect((await act({ action: "acknowledge", version: 1 })).statusCode).toBe(200);
  const closed = await act({ action: "close", version: 2, reason, comment: "Тексерілді" });
  expect(closed.statusCode, closed.body).toBe(200);
  return id;
}

const refer = (c: Client, id: string, body: Record<string, unknown>) =>
  c.post(`/api/incidents/${id}/police-referrals`, body);

describe("referring a knowingly false report to the police", () => {
  it("offers the territorial police bodies with the report's own as default, records, audits and notifies", async () => {
    const id = await closedReport(MEDEU, "knowingly_false_report");
    const offer = await hq.get(`/api/incidents/${id}/police-referrals`);
    expect(offer.statusCode, offer.body).toBe(200);
    const o = offer.json();
    expect(o.canRefer).toBe(true);
    expect(o.referrals).toEqual([]);
    expect(o.basis).toContain("criminal_code_273");
    // Every option is a subdivision of the interior ministry; the default is Almaty city's.
    expect(o.options.length).toBeGreaterThan(10);
    const def = o.options.find((b: { id: string }) => b.id === o.defaultBodyId);
    expect(def.territoryCode).toBe("750000000");
    expect(def.names.ru).toContain("полиции");

    // The police body's account does not see the report before the referral.
    expect((await member.get(`/api/incidents/${id}`)).statusCode).toBe(404);
    const memberBody = (await member.get("/api/auth/me")).json().grants[0].bodyId as string;
    expect(memberBody).toBe(o.defaultBodyId);
    const unreadBefore = (await member.get("/api/notifications")).json().unread as number;

    const res = await refer(hq, id, { policeBodyId: o.defaultBodyId, note: "Қоңырау шалушы анықталды" });
    expect(res.statusCode, res.body).toBe(201);
    const after = res.json();
    expect(after.referrals).toHaveLength(1);
    expect(after.referrals[0]).toMatchObject({
      policeBody: { id: o.defaultBodyId },
      byName: "hq",
      note: "Қоңырау шалушы анықталды",
    });
    // The person who referred it, with their body (the city's HQ).
    expect(after.referrals[0].by.fullName).toBe("Бауыржан Төлеуов (demo)");
    expect(after.referrals[0].by.body.names.ru).toBe("Оперативный штаб города Алматы");
    // In the report's history, without changing its status.
    const detail = (await hq.get(`/api/incidents/${id}`)).json();
    expect(detail.status).toBe("closed");
    expect(detail.history.at(-1)).toMatchObject({ action: "police_referral", toStatus: "closed" });
    // Audited, the chain intact.
    const audited = await database.query<{ actor_name: string; after: { policeBodyId: string } }>(
      "select actor_name, after from audit_event where action = 'incident.referred_to_police' and entity_id = $1",
      [id],
    );
    expect(audited).toHaveLength(1);
    expect(audited[0].after.policeBodyId).toBe(o.defaultBodyId);
    expect((await verifyAudit(database)).ok).toBe(true);
    // The police body's accounts are notified and may open the report.
    const notes = (await member.get("/api/notifications")).json();
    expect(notes.unread).toBe(unreadBefore + 1);
    expect(notes.items[0]).toMatchObject({
      kind: "incident_police_referral",
      entityType: "incident",
      entityId: id,
      data: { number: detail.regNumber },
    });
    const seen = await member.get(`/api/incidents/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().nextActions).toEqual([]);
    // …but may neither refer it nor find it on their board.
    expect((await member.get(`/api/incidents/${id}/police-referrals`)).json().canRefer).toBe(false);
    const board = (await member.get("/api/incidents?limit=500")).json();
    expect(board.items.map((i: { id: string }) => i.id)).not.toContain(id);

    // The same body twice: refused at the field; another police body may still be chosen.
    const again = await refer(hq, id, { policeBodyId: o.defaultBodyId });
    expect(again.statusCode).toBe(400);
    expect(again.json().fields).toEqual([
      expect.objectContaining({ path: "policeBodyId", code: "already_referred_to_police" }),
    ]);
    const other = o.options.find((b: { id: string }) => b.id !== o.defaultBodyId);
    const second = await refer(hq, id, { policeBodyId: other.id });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().referrals).toHaveLength(2);
  });

  it("refuses a body that is not a territorial police body, and an invalid id, at the field", async () => {
    const id = await closedReport(MEDEU, "knowingly_false_report");
    const hqBody = (await hq.get("/api/auth/me")).json().grants[0].bodyId as string;
    const notPolice = await refer(hq, id, { policeBodyId: hqBody });
    expect(notPolice.statusCode).toBe(400);
    expect(notPolice.json().fields).toEqual([
      expect.objectContaining({ path: "policeBodyId", code: "not_police_body" }),
    ]);
    const garbage = await refer(hq, id, { policeBodyId: "полиция", note: "x".repeat(1001) });
    expect(garbage.statusCode).toBe(400);
    expect(
      garbage
        .json()
        .fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(["note", "policeBodyId"]);
    expect(
      await database.query(
        "select 1 from incident_event where incident_id = $1 and action = 'police_referral'",
        [id],
      ),
    ).toHaveLength(0);
  });

  it("is refused to those who may not: not signed in 401, the reporter 403, another territory 404", async () => {
    const id = await closedReport(MEDEU, "knowingly_false_report");
    const { defaultBodyId } = (await hq.get(`/api/incidents/${id}/police-referrals`)).json();
    expect((await refer(anonymous, id, { policeBodyId: defaultBodyId })).statusCode).toBe(401);
    // The reporter reads its report but does not triage it.
    const byReporter = await refer(reporter, id, { policeBodyId: defaultBodyId });
    expect(byReporter.statusCode).toBe(403);
    expect((await reporter.get(`/api/incidents/${id}/police-referrals`)).json()).toMatchObject({
      canRefer: false,
      options: [],
    });
    // Konaev's commission secretary does not see an Almaty report at all.
    expect((await refer(district, id, { policeBodyId: defaultBodyId })).statusCode).toBe(404);
    expect((await district.get(`/api/incidents/${id}/police-referrals`)).statusCode).toBe(404);
    // Almaty city's HQ does not see a Konaev report.
    const konaevHq = await signIn(app, "hqrep");
    const konaev = await closedReport(KONAEV, "knowingly_false_report", konaevHq);
    expect((await refer(hq, konaev, { policeBodyId: defaultBodyId })).statusCode).toBe(404);
    expect((await hq.get(`/api/incidents/${konaev}/police-referrals`)).statusCode).toBe(404);
    expect(
      await database.query(
        "select 1 from incident_event where incident_id = any($1) and action = 'police_referral'",
        [[id, konaev]],
      ),
    ).toHaveLength(0);
  });

  it("is not offered, and refused, for a report closed for another reason", async () => {
    const id = await closedReport(MEDEU, "no_signs_of_terrorism");
    const offer = (await hq.get(`/api/incidents/${id}/police-referrals`)).json();
    expect(offer).toMatchObject({ canRefer: false, options: [], defaultBodyId: null });
    const police = (
      await hq.get(`/api/incidents/${await closedReport(MEDEU, "knowingly_false_report")}/police-referrals`)
    ).json().defaultBodyId;
    const res = await refer(hq, id, { policeBodyId: police });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("invalid_transition");
  });
  it("the demo's knowingly false report is referred to the city's police, once however often the seed runs", async () => {
    for (let run = 0; run < 2; run++)
      await seedDemoPastIncidents(database, { city: "750000000", hqUsername: "hq" });
    const rows = await database.query<{ reg_number: string; n: string }>(
      `select i.reg_number, count(*)::text as n from incident_event e join incident i on i.id = e.incident_id
        where e.action = 'police_referral' and e.comment like 'Демо:%' group by i.reg_number`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].n).toBe("1");
  });
});
