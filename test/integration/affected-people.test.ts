/**
 * Affected people through HTTP (R20, R21.2, R21.5; Law No. 94-V): the personal-data permission is a
 * role of its own or a per-case grant, never implied — everyone else gets 404 on every person route
 * and sees counts only, never a name; every read is audited and visible to the auditor; IIN, contacts
 * and medical details are ciphertext in the table; look-up by IIN; a missing person found in hospital
 * is linked by IIN at once, or proposed by name and date of birth and confirmed or rejected.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import {
  purgeExpiredPersons,
  seedDemoAffectedPeople,
  testPersonalDataSettings,
} from "../../src/server/modules/affected-people";
import { demoIin } from "../../src/server/modules/affected-people/affected-people.seed";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";

let database: Database;
let app: FastifyInstance;
let victims: Client; // victim_support_officer, Almaty
let hq: Client; // hq_officer, Almaty
let secretary: Client; // commission secretary, Almaty
let admin: Client; // administrator, KZ
let member: Client; // commission member, Almaty
let district: Client; // commission secretary, Konaev
let hqrep: Client; // hq_officer, KZ
let auditor: Client;
let anonymous: Client;

let caseId: string; // an incident in Almaty
let astanaCaseId: string;
let hospitalId: string;
let ambulanceId: string;
let akimatId: string;

const SURNAME = "Қуанышбекова";
const PHONE = "+7 701 123 45 67";
const IIN = demoIin("1992-05-17", "female", 2301);
const DIAGNOSIS = "Осколочное ранение бедра, кровопотеря";

const fileIncident = async (c: Client, territoryCode: string) => {
  const res = await c.post(
    "/api/incidents",
    {
      type: "explosion",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      territoryCode,
      description: "Жарылыс (сынақ)",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

const person = (over: Record<string, unknown> = {}) => ({
  role: "victim",
  iin: IIN,
  surname: SURNAME,
  givenName: "Айгерім",
  patronymic: "Серікқызы",
  birthDate: "1992-05-17",
  phone: PHONE,
  address: "Алматы, Абай даңғылы 10",
  status: {
    status: "hospitalised",
    severity: "severe",
    hospitalBodyId: hospitalId,
    at: new Date(Date.now() - 1_800_000).toISOString(),
    bodyId: ambulanceId,
    details: DIAGNOSIS,
  },
  ...over,
});

const auditReads = async (entityId?: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        `select count(*)::text as n from audit_event where action = 'personal.read' and outcome = 'success'${entityId ? " and entity_id = $1" : ""}`,
        entityId ? [entityId] : [],
      )
    )[0].n,
  );

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [victims, hq, secretary, admin, member, district, hqrep, auditor] = await Promise.all(
    ["victims", "hq", "secretary", "admin", "member", "district", "hqrep", "auditor"].map((u) =>
      signIn(app, u),
    ),
  );
  anonymous = client(app);
  hospitalId = await findBodyId(
    admin,
    `kind=organisation&territory=${ALMATY}&q=${encodeURIComponent("больница")}`,
  );
  ambulanceId = await findBodyId(admin, `kind=response_force&subtype=emergency_medical&territory=${ALMATY}`);
  akimatId = await findBodyId(admin, `kind=akimat&territory=${ALMATY}`);
  caseId = await fileIncident(hq, ALMATY);
  astanaCaseId = await fileIncident(hqrep, ASTANA);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

let personId: string;

describe("registering with the personal-data role", () => {
  it("registers a hospitalised victim; the answer has the identity, the table only ciphertext", async () => {
    const res = await victims.post(`/api/affected-people/cases/${caseId}/persons`, person());
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.linked).toBe(false);
    personId = r.person.id;
    expect(r.person.iin).toBe(IIN);
    expect(r.person.surname).toBe(SURNAME);
    expect(r.person.status).toBe("hospitalised");
    expect(r.person.hospital.id).toBe(hospitalId);
    expect(r.person.entries[0].details).toBe(DIAGNOSIS);

    const [row] = await database.query<Record<string, unknown>>(
      "select * from affected_person where id = $1",
      [personId],
    );
    const rowText = JSON.stringify(row);
    for (const plain of [IIN, PHONE, SURNAME, "1992-05-17", "Абай"]) expect(rowText).not.toContain(plain);
    expect(String(row.iin_enc)).toMatch(/^v1\./);
    expect(String(row.iin_hash)).toMatch(/^[0-9a-f]{64}$/);
    const entries = await database.query<Record<string, unknown>>(
      "select * from affected_person_entry where person_id = $1",
      [personId],
    );
    expect(JSON.stringify(entries)).not.toContain("ранение");
  });

  it("an invalid IIN is a localised field error and nothing is written", async () => {
    const before = Number(
      (await database.query<{ n: string }>("select count(*)::text as n from affected_person"))[0].n,
    );
    const bad = `${IIN.slice(0, 11)}${(Number(IIN[11]) + 1) % 10}`;
    const res = await victims.post(`/api/affected-people/cases/${caseId}/persons`, person({ iin: bad }), {
      "accept-language": "ru",
    });
    expect(res.statusCode).toBe(400);
    const f = res.json().fields.find((x: { path: string }) => x.path === "iin");
    expect(f.code).toBe("invalid_iin");
    expect(f.message).toMatch(/контрольн/i);
    const kk = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({ iin: "921317400001" }),
    );
    expect(kk.json().fields[0].code).toBe("iin_date");
    const after = Number(
      (await database.query<{ n: string }>("select count(*)::text as n from affected_person"))[0].n,
    );
    expect(after).toBe(before);
  });

  it("status rules and entries: severity needs injury, compensation follows claim → decision → paid", async () => {
    const noSeverity = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({
        iin: undefined,
        status: { ...person().status, status: "injured", severity: undefined, hospitalBodyId: undefined },
      }),
    );
    expect(noSeverity.statusCode).toBe(400);
    expect(noSeverity.json().fields[0].path).toBe("severity");

    const at = new Date(Date.now() - 60_000).toISOString();
    const add = (e: Record<string, unknown>) =>
      victims.post(`/api/affected-people/persons/${personId}/entries`, { at, bodyId: akimatId, ...e });
    // No body chosen: the form leaves bodyId out, and the answer says the field is required (not "wrong format").
    for (const lang of ["kk", "ru", "en"] as const) {
      const none = await victims.post(
        `/api/affected-people/persons/${personId}/entries`,
        { kind: "help", helpType: "legal", at },
        { "accept-language": lang },
      );
      expect(none.statusCode).toBe(400);
      const f = none.json().fields.find((x: { path: string }) => x.path === "bodyId");
      expect(f.code).toBe("required");
      expect(f.message).toBe({ kk: "Міндетті өріс.", ru: "Обязательное поле.", en: "Required." }[lang]);
    }
    expect((await add({ kind: "help", helpType: "legal" })).statusCode).toBe(201);
    const early = await add({ kind: "compensation", harm: "moral", stage: "paid", amount: 10 });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0].code).toBe("compensation_needs_decision");
    expect(
      (await add({ kind: "compensation", harm: "moral", stage: "claim", amount: 500_000 })).statusCode,
    ).toBe(201);
    expect(
      (
        await add({
          kind: "compensation",
          harm: "moral",
          stage: "decision",
          outcome: "granted",
          amount: 400_000,
        })
      ).statusCode,
    ).toBe(201);
    const over = await add({ kind: "compensation", harm: "moral", stage: "paid", amount: 400_001 });
    expect(over.json().fields[0].code).toBe("compensation_over_award");
    const paid = await add({
      kind: "compensation",
      harm: "moral",
      stage: "paid",
      amount: 400_000,
      reference: "ПП-1",
    });
    expect(paid.statusCode, paid.body).toBe(201);
    // Each entry names who recorded it: full name and body, next to the stored name.
    for (const e of paid.json().entries) await expectPersonIs(database, e.recordedBy, "victims");
    expect(paid.json().compensation.find((c: { harm: string }) => c.harm === "moral")).toMatchObject({
      stage: "paid",
      awarded: 400_000,
      paid: 400_000,
    });
  });
});

describe("without the permission: 404 everywhere, counts only", () => {
  const personRoutes = (id: string, incidentId: string) =>
    [
      ["get", `/api/affected-people/persons/${id}`],
      ["get", `/api/affected-people/persons/${id}/export`],
      ["put", `/api/affected-people/persons/${id}`, { ...person(), version: 1 }],
      [
        "post",
        `/api/affected-people/persons/${id}/entries`,
        { kind: "help", helpType: "social", at: new Date().toISOString(), bodyId: akimatId },
      ],
      ["post", `/api/affected-people/persons/${id}/close`, {}],
      ["get", `/api/affected-people/cases/${incidentId}/persons`],
      ["post", `/api/affected-people/cases/${incidentId}/persons`, person({ iin: undefined })],
      ["get", `/api/affected-people/cases/${incidentId}/matches`],
    ] as const;

  it("HQ, commission, administrator, auditor, another territory: 404 on every person route", async () => {
    const before = Number(
      (await database.query<{ n: string }>("select count(*)::text as n from affected_person"))[0].n,
    );
    for (const c of [hq, secretary, member, admin, auditor, district, hqrep]) {
      for (const [method, url, body] of personRoutes(personId, caseId)) {
        const res =
          method === "get"
            ? await c.get(url)
            : method === "put"
              ? await c.put(url, body)
              : await c.post(url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.body).not.toContain(SURNAME);
      }
      const look = await c.post("/api/affected-people/lookup", { iin: IIN });
      expect(look.statusCode).toBe(200);
      expect(look.json().items).toEqual([]);
    }
    for (const [method, url, body] of personRoutes(personId, caseId)) {
      const res =
        method === "get"
          ? await anonymous.get(url)
          : method === "put"
            ? await anonymous.put(url, body)
            : await anonymous.post(url, body);
      expect(res.statusCode).toBe(401);
    }
    const after = Number(
      (await database.query<{ n: string }>("select count(*)::text as n from affected_person"))[0].n,
    );
    expect(after).toBe(before);
    // Refusals of an existing record are audited as such.
    const denied = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where action = 'personal.read' and outcome = 'denied' and entity_id = $1",
      [personId],
    );
    expect(Number(denied[0].n)).toBeGreaterThan(0);
  });

  it("the HQ sees the case with counts and no name; the personal-data officer of Almaty does not see Astana", async () => {
    const res = await hq.get("/api/affected-people/cases");
    expect(res.statusCode).toBe(200);
    const c = res.json().items.find((x: { incidentId: string }) => x.incidentId === caseId);
    expect(c.counts.total).toBe(1);
    expect(c.counts.byStatus.hospitalised).toBe(1);
    expect(c.counts.byHelp.legal).toBe(1);
    expect(c.counts.compensationPaid).toBe(400_000);
    expect(c.counts.hospitals[0]).toMatchObject({ body: { id: hospitalId }, count: 1 });
    expect(c.canHandle).toBe(false);
    expect(c.canGrant).toBe(true);
    expect(res.body).not.toContain(SURNAME);
    const stats = await secretary.get(`/api/affected-people/statistics?incidentId=${caseId}`);
    expect(stats.statusCode).toBe(200);
    expect(stats.json().counts.victims).toBe(1);
    expect(stats.body).not.toContain(SURNAME);
    expect((await district.get(`/api/affected-people/statistics?incidentId=${caseId}`)).statusCode).toBe(404);
    expect((await victims.get(`/api/affected-people/cases/${astanaCaseId}/persons`)).statusCode).toBe(404);
    expect(
      (await victims.post(`/api/affected-people/cases/${astanaCaseId}/persons`, person({ iin: undefined })))
        .statusCode,
    ).toBe(404);
  });

  it("no name or IIN in the audit log, the event log, notifications or mail", async () => {
    for (const table of ["audit_event", "event_log", "notification", "mail_outbox"]) {
      const exists = await database.query<{ t: string | null }>("select to_regclass($1)::text as t", [table]);
      if (!exists[0].t) continue;
      const rows = await database.query(`select * from ${table}`);
      const text = JSON.stringify(rows);
      for (const plain of [SURNAME, IIN, PHONE, "ранение"]) expect(text, table).not.toContain(plain);
    }
  });
});

describe("per-case access", () => {
  it("the case's HQ grants a commission member access; they read; revoked, 404 again", async () => {
    expect((await member.get(`/api/affected-people/persons/${personId}`)).statusCode).toBe(404);
    const self = await hq.post(`/api/affected-people/cases/${caseId}/access`, {
      username: "hq",
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(self.json().fields[0].code).toBe("access_self_grant");
    expect(
      (
        await district.post(`/api/affected-people/cases/${caseId}/access`, {
          username: "member",
          until: new Date(Date.now() + 86_400_000).toISOString(),
        })
      ).statusCode,
    ).toBe(404);
    const g = await hq.post(`/api/affected-people/cases/${caseId}/access`, {
      username: "member",
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(g.statusCode, g.body).toBe(201);
    // Granting gave the HQ nothing.
    expect((await hq.get(`/api/affected-people/persons/${personId}`)).statusCode).toBe(404);
    const read = await member.get(`/api/affected-people/persons/${personId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().iin).toBe(IIN);
    expect((await member.get(`/api/affected-people/cases/${caseId}/persons`)).json().items).toHaveLength(1);
    // Not another case.
    expect((await member.get(`/api/affected-people/cases/${astanaCaseId}/persons`)).statusCode).toBe(404);
    const list = await hq.get(`/api/affected-people/cases/${caseId}/access`);
    expect(list.json().items[0]).toMatchObject({ userName: "member", revokedAt: null });
    await expectPersonIs(database, list.json().items[0].grantedBy, "hq");
    await expectPersonIs(database, g.json().grantedBy, "hq");
    expect((await hq.post(`/api/affected-people/access/${g.json().id}/revoke`, {})).statusCode).toBe(200);
    expect((await member.get(`/api/affected-people/persons/${personId}`)).statusCode).toBe(404);
  });
});

describe("reads are audited and visible to the auditor", () => {
  it("every read adds exactly one audit entry; the auditor's log lists them", async () => {
    const before = await auditReads(personId);
    for (let i = 0; i < 3; i++)
      expect((await victims.get(`/api/affected-people/persons/${personId}`)).statusCode).toBe(200);
    const look = await victims.post("/api/affected-people/lookup", { iin: IIN });
    expect(look.json().items.map((p: { id: string }) => p.id)).toEqual([personId]);
    expect(await auditReads(personId)).toBe(before + 4);
    const log = await auditor.get(`/api/audit?action=personal.read&entityId=${personId}&limit=100`);
    expect(log.statusCode).toBe(200);
    const mine = log.json().items.filter((e: { outcome: string }) => e.outcome === "success");
    expect(mine.length).toBe(before + 4);
    expect(mine[0]).toMatchObject({ actorName: "victims", entityType: "affected_person" });
    expect(log.body).not.toContain(SURNAME);
    expect(log.body).not.toContain(IIN);
  });

  it("the data subject's export is the person's own file, audited as an export", async () => {
    const res = await victims.get(`/api/affected-people/persons/${personId}/export`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("attachment");
    const f = res.json();
    expect(f.person.iin).toBe(IIN);
    expect(f.person.phone).toBe(PHONE);
    expect(f.legalBasis).toContain("94-V");
    const n = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where action = 'personal.exported' and entity_id = $1",
      [personId],
    );
    expect(Number(n[0].n)).toBe(1);
  });
});

describe("missing-person reconciliation", () => {
  const missingBody = (over: Record<string, unknown>) =>
    person({
      status: {
        status: "missing",
        at: new Date(Date.now() - 3_000_000).toISOString(),
        bodyId: akimatId,
        details: "",
      },
      phone: "",
      ...over,
    });

  it("the same IIN found later in a hospital list is linked into one record, history kept", async () => {
    const iin = demoIin("1980-02-02", "male", 511);
    const first = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      missingBody({ iin, surname: "Жанұзақов", givenName: "Бақыт", birthDate: "1980-02-02" }),
    );
    expect(first.statusCode).toBe(201);
    const again = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({ iin, surname: "Жанузаков", givenName: "Бахыт", birthDate: "1980-02-02" }),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().linked).toBe(true);
    const p = again.json().person;
    expect(p.id).toBe(first.json().person.id);
    expect(p.status).toBe("hospitalised");
    expect(
      p.entries.filter((e: { kind: string }) => e.kind === "status").map((e: { status: string }) => e.status),
    ).toEqual(["missing", "hospitalised"]);
    const n = await database.query<{ n: string }>(
      "select count(*)::text as n from affected_person where incident_id = $1 and iin_hash = (select iin_hash from affected_person where id = $2)",
      [caseId, p.id],
    );
    expect(Number(n[0].n)).toBe(1);
  });

  it("name and date of birth without an IIN: proposed, then confirmed into one record", async () => {
    const a = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      missingBody({ iin: undefined, surname: "Төлегенова", givenName: "Жанар", birthDate: "1975-12-01" }),
    );
    const b = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({
        iin: undefined,
        surname: "ТӨЛЕГЕНОВА ",
        givenName: "жанар",
        patronymic: "",
        birthDate: "1975-12-01",
      }),
    );
    expect(b.statusCode).toBe(201);
    expect(b.json().proposedMatches).toBe(1);
    // A different date of birth is not proposed.
    const c = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({ iin: undefined, surname: "Төлегенова", givenName: "Жанар", birthDate: "1975-12-02" }),
    );
    expect(c.json().proposedMatches).toBe(0);
    expect((await hq.get(`/api/affected-people/cases/${caseId}/matches`)).statusCode).toBe(404);
    const matches = (await victims.get(`/api/affected-people/cases/${caseId}/matches`)).json().items;
    const m = matches.find((x: { missing: { id: string } }) => x.missing.id === a.json().person.id);
    expect(m.found.id).toBe(b.json().person.id);
    expect((await hq.post(`/api/affected-people/matches/${m.id}/confirm`, {})).statusCode).toBe(404);
    const ok = await victims.post(`/api/affected-people/matches/${m.id}/confirm`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().personId).toBe(a.json().person.id);
    const kept = (await victims.get(`/api/affected-people/persons/${a.json().person.id}`)).json();
    expect(kept.status).toBe("hospitalised");
    expect(kept.linkedRecords).toEqual([b.json().person.id]);
    expect(kept.entries.map((e: { mergedFrom: string | null }) => e.mergedFrom)).toContain(
      b.json().person.id,
    );
    const list = (await victims.get(`/api/affected-people/cases/${caseId}/persons`)).json().items;
    expect(list.map((x: { id: string }) => x.id)).not.toContain(b.json().person.id);
    expect((await victims.post(`/api/affected-people/matches/${m.id}/reject`, {})).statusCode).toBe(409);
  });

  it("a proposal can be rejected: the two records stay apart", async () => {
    await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      missingBody({ iin: undefined, surname: "Ахметов", givenName: "Нұрлан", birthDate: "1999-09-09" }),
    );
    const b = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({ iin: undefined, surname: "Ахметов", givenName: "Нұрлан", birthDate: "1999-09-09" }),
    );
    expect(b.json().proposedMatches).toBe(1);
    const m = (await victims.get(`/api/affected-people/cases/${caseId}/matches`))
      .json()
      .items.find((x: { found: { id: string } }) => x.found.id === b.json().person.id);
    expect((await victims.post(`/api/affected-people/matches/${m.id}/reject`, {})).statusCode).toBe(200);
    expect(
      (await victims.get(`/api/affected-people/cases/${caseId}/matches`))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).not.toContain(m.id);
  });
});

describe("retention and the demo", () => {
  it("a closed record past the retention period is anonymised; counts stay; audited", async () => {
    const r = await victims.post(
      `/api/affected-people/cases/${caseId}/persons`,
      person({ iin: demoIin("1960-01-01", "male", 77), surname: "Уақытша", birthDate: "1960-01-01" }),
    );
    const id = r.json().person.id;
    const counted = (await hq.get(`/api/affected-people/statistics?incidentId=${caseId}`)).json().counts
      .total;
    expect((await victims.post(`/api/affected-people/persons/${id}/close`, {})).statusCode).toBe(200);
    expect(await purgeExpiredPersons(database, 30)).toBe(0);
    expect(
      await purgeExpiredPersons(database, 30, { now: Date.now() + 31 * 86_400_000 }),
    ).toBeGreaterThanOrEqual(1);
    const [row] = await database.query<Record<string, unknown>>(
      "select * from affected_person where id = $1",
      [id],
    );
    expect(row).toMatchObject({ iin_enc: null, iin_hash: null, name_enc: null, contacts_enc: null });
    expect(row.anonymised_at).not.toBeNull();
    expect((await hq.get(`/api/affected-people/statistics?incidentId=${caseId}`)).json().counts.total).toBe(
      counted,
    );
    const a = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where action = 'affected_person.anonymised' and entity_id = $1",
      [id],
    );
    expect(Number(a[0].n)).toBe(1);
  });

  it("the demo seed files its incident and people once, through the same services", async () => {
    const opts = { city: ALMATY, reporterUsername: "hq", officerUsername: "victims" };
    const n = await seedDemoAffectedPeople(database, testPersonalDataSettings(), opts);
    expect(n).toBeGreaterThan(5);
    expect(await seedDemoAffectedPeople(database, testPersonalDataSettings(), opts)).toBe(0);
    const cases = (await victims.get("/api/affected-people/cases")).json().items;
    const demo = cases.find(
      (c: { counts: { total: number }; pendingMatches: number }) => c.pendingMatches === 1,
    );
    expect(demo.counts.total).toBe(n);
    expect(demo.counts.compensationPaid).toBe(1_200_000);
  });
});
