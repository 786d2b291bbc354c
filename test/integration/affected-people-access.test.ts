/**
 * The personal-data permission given per case through HTTP (Law No. 94-V; R20, R21.2, R21.5), on PGlite
 * and PostgreSQL: the case's HQ lists the accounts of a body and grants one of them access, audited;
 * the grantee opens the person; revoked (audited), 404 again. An activation grant given in one case does
 * not reach the persons of another case recorded under the same activation id. The data subject's own
 * file as PDF (kk, ru, en): that person's data only, audited as an export; 404 for anyone else.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { demoIin } from "../../src/server/modules/affected-people/affected-people.seed";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";
import { pdfText } from "../support/pdf-text";

let database: Database;
let app: FastifyInstance;
let victims: Client; // victim_support_officer, Almaty
let hq: Client; // hq_officer, Almaty (grants for Almaty cases)
let member: Client; // commission member, Almaty
let district: Client; // commission secretary, Konaev
let astanaVictims: Client; // victim_support_officer, Astana
let anonymous: Client;

let caseId: string;
let astanaCaseId: string;
let ambulanceId: string;
let hospitalId: string;
let memberBodyId: string;
let memberId: string;
let memberName: string;
let personA: string;
let personB: string;

const PW = "a-long-test-password";
const A = { surname: "Жақсылықова", given: "Әсем", iin: demoIin("1990-03-11", "female", 3101) };
const B = { surname: "Төлеубердиев", given: "Нұрлан", iin: demoIin("1985-08-22", "male", 3102) };

const fileIncident = async (c: Client, territoryCode: string) => {
  const res = await c.post(
    "/api/incidents",
    {
      type: "explosion",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      territoryCode,
      description: "Жарылыс (рұқсат сынағы)",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

const personBody = (p: typeof A, over: Record<string, unknown> = {}) => ({
  role: "victim",
  iin: p.iin,
  surname: p.surname,
  givenName: p.given,
  birthDate: p.iin.startsWith("90") ? "1990-03-11" : "1985-08-22",
  phone: "+7 701 000 11 22",
  status: {
    status: "hospitalised",
    severity: "moderate",
    hospitalBodyId: hospitalId,
    at: new Date(Date.now() - 1_800_000).toISOString(),
    bodyId: ambulanceId,
    details: "Жарақат",
  },
  ...over,
});

const audits = async (action: string, entityId: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = $1 and entity_id = $2 and outcome = 'success'",
        [action, entityId],
      )
    )[0].n,
  );

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  const admin = await signIn(app, "admin");
  [victims, hq, member, district] = await Promise.all(
    ["victims", "hq", "member", "district"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
  const me = (await member.get("/api/auth/me")).json();
  memberBodyId = me.grants[0].bodyId;
  memberId = me.user.id;
  memberName = me.user.displayName;
  hospitalId = await findBodyId(
    admin,
    `kind=organisation&territory=${ALMATY}&q=${encodeURIComponent("больница")}`,
  );
  ambulanceId = await findBodyId(admin, `kind=response_force&subtype=emergency_medical&territory=${ALMATY}`);
  const astanaAkimat = await findBodyId(admin, `kind=akimat&territory=${ASTANA}`);
  await createUser(database, systemContext("test"), {
    username: "astana-victims-a",
    displayName: "Астана: зардап шеккендер (test)",
    password: PW,
    grants: [{ role: "victim_support_officer", bodyId: astanaAkimat, territoryCode: ASTANA }],
  });
  astanaVictims = await signIn(app, "astana-victims-a", PW);
  caseId = await fileIncident(hq, ALMATY);
  astanaCaseId = await fileIncident(await signIn(app, "hqrep"), ASTANA);
  const a = await victims.post(`/api/affected-people/cases/${caseId}/persons`, personBody(A));
  expect(a.statusCode, a.body).toBe(201);
  personA = a.json().person.id;
  const b = await victims.post(`/api/affected-people/cases/${caseId}/persons`, personBody(B));
  expect(b.statusCode, b.body).toBe(201);
  personB = b.json().person.id;
  await victims.post(`/api/affected-people/persons/${personA}/entries`, {
    kind: "help",
    helpType: "medical_psychological",
    at: new Date(Date.now() - 600_000).toISOString(),
    bodyId: ambulanceId,
  });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("the accounts of a body, for the granter only", () => {
  it("the case's HQ sees the body's accounts (names only); others 404; not signed in 401", async () => {
    const url = `/api/affected-people/cases/${caseId}/grantees?body=${memberBodyId}`;
    const res = await hq.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { id: string; displayName: string }[];
    expect(items).toContainEqual({ id: memberId, displayName: memberName });
    expect(res.body).not.toContain("@");
    for (const c of [victims, member, district, astanaVictims])
      expect((await c.get(url)).statusCode).toBe(404);
    expect((await anonymous.get(url)).statusCode).toBe(401);
    expect(
      (await hq.get(`/api/affected-people/cases/${randomUUID()}/grantees?body=${memberBodyId}`)).statusCode,
    ).toBe(404);
    expect((await hq.get(`/api/affected-people/cases/${caseId}/grantees?body=nope`)).statusCode).toBe(400);
  });
});

describe("grant to an account picked from a body; revoke", () => {
  it("field errors: no body, an account not of that body, oneself", async () => {
    const url = `/api/affected-people/cases/${caseId}/access`;
    const noBody = await hq.post(url, { userId: memberId, until: inAWeek() });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().fields[0]).toMatchObject({ path: "bodyId", code: "required" });
    const wrongBody = await hq.post(url, { userId: memberId, bodyId: ambulanceId, until: inAWeek() });
    expect(wrongBody.statusCode).toBe(400);
    expect(wrongBody.json().fields[0]).toMatchObject({ path: "userId", code: "not_of_body" });
    const hqMe = (await hq.get("/api/auth/me")).json();
    const self = await hq.post(url, {
      userId: hqMe.user.id,
      bodyId: hqMe.grants[0].bodyId,
      until: inAWeek(),
    });
    expect(self.json().fields[0]).toMatchObject({ path: "userId", code: "access_self_grant" });
    expect((await hq.post(url, { until: inAWeek() })).json().fields[0]).toMatchObject({
      path: "username",
      code: "required",
    });
    // Another territory's commission may not grant for this case.
    expect(
      (await district.post(url, { userId: memberId, bodyId: memberBodyId, until: inAWeek() })).statusCode,
    ).toBe(404);
  });

  it("the grantee opens the person once granted (audited); revoked (audited), 404 again", async () => {
    expect((await member.get(`/api/affected-people/persons/${personA}`)).statusCode).toBe(404);
    const g = await hq.post(`/api/affected-people/cases/${caseId}/access`, {
      userId: memberId,
      bodyId: memberBodyId,
      until: inAWeek(),
    });
    expect(g.statusCode, g.body).toBe(201);
    const grant = g.json();
    expect(grant).toMatchObject({
      userId: memberId,
      userName: memberName,
      incidentId: caseId,
      revokedAt: null,
    });
    expect(await audits("affected_person.access_granted", grant.id)).toBe(1);
    const [entry] = await database.query<{ after: Record<string, unknown> }>(
      "select after from audit_event where action = 'affected_person.access_granted' and entity_id = $1",
      [grant.id],
    );
    expect(entry.after).toMatchObject({ userId: memberId, bodyId: memberBodyId, incidentId: caseId });

    const read = await member.get(`/api/affected-people/persons/${personA}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().surname).toBe(A.surname);
    const list = (await hq.get(`/api/affected-people/cases/${caseId}/access`)).json().items;
    expect(list.find((x: { id: string }) => x.id === grant.id)).toMatchObject({ userName: memberName });

    const r = await hq.post(`/api/affected-people/access/${grant.id}/revoke`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().revokedAt).not.toBeNull();
    expect(await audits("affected_person.access_revoked", grant.id)).toBe(1);
    // Revoking twice changes nothing and writes nothing more.
    expect((await hq.post(`/api/affected-people/access/${grant.id}/revoke`, {})).statusCode).toBe(200);
    expect(await audits("affected_person.access_revoked", grant.id)).toBe(1);
    for (const url of [
      `/api/affected-people/persons/${personA}`,
      `/api/affected-people/persons/${personA}/export.pdf?lang=ru`,
      `/api/affected-people/cases/${caseId}/persons`,
    ])
      expect((await member.get(url)).statusCode, url).toBe(404);
    // Someone without the permission cannot revoke either.
    expect((await district.post(`/api/affected-people/access/${grant.id}/revoke`, {})).statusCode).toBe(404);
  });

  it("an activation grant given in one case does not reach another case's persons of that activation", async () => {
    const activationId = randomUUID();
    const there = await astanaVictims.post(`/api/affected-people/cases/${astanaCaseId}/persons`, {
      ...personBody(B, {
        iin: demoIin("1979-01-05", "male", 3103),
        birthDate: "1979-01-05",
        surname: "Сейітов",
      }),
      activationId,
      status: {
        status: "injured",
        severity: "light",
        at: new Date(Date.now() - 1_800_000).toISOString(),
        bodyId: await findBodyId(await signIn(app, "admin"), `kind=akimat&territory=${ASTANA}`),
      },
    });
    expect(there.statusCode, there.body).toBe(201);
    const g = await hq.post(`/api/affected-people/cases/${caseId}/access`, {
      username: "member",
      activationId,
      until: inAWeek(),
    });
    expect(g.statusCode, g.body).toBe(201);
    expect((await member.get(`/api/affected-people/persons/${there.json().person.id}`)).statusCode).toBe(404);
    expect((await member.get(`/api/affected-people/cases/${astanaCaseId}/persons`)).statusCode).toBe(404);
    await hq.post(`/api/affected-people/access/${g.json().id}/revoke`, {});
  });
});

describe("the data subject's own file as PDF (Law No. 94-V)", () => {
  it("that person's data only, in kk, ru and en; each an audited export", async () => {
    const before = await audits("personal.exported", personA);
    const recorder = (await victims.get("/api/auth/me")).json().user.displayName as string;
    const words: Record<string, string[]> = {
      kk: ["Дербес деректер субъектісінің ісі", "Көрсетілген көмек", `Жазған: ${recorder}`],
      ru: ["Сведения о субъекте персональных данных", "Оказанная помощь", `Внёс: ${recorder}`],
      en: ["Personal data file of the data subject", "Help received", `Recorded by ${recorder}`],
    };
    for (const lang of ["kk", "ru", "en"] as const) {
      const res = await victims.get(`/api/affected-people/persons/${personA}/export.pdf?lang=${lang}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toBe("application/pdf");
      expect(res.headers["content-disposition"]).toContain(`-${lang}.pdf`);
      const text = pdfText(res.rawPayload);
      for (const w of [A.surname, A.given, A.iin, "94-V", ...words[lang]]) expect(text, lang).toContain(w);
      // No one else's data: not the other person of the same case.
      for (const w of [B.surname, B.given, B.iin]) expect(text, lang).not.toContain(w);
    }
    expect(await audits("personal.exported", personA)).toBe(before + 3);
    expect(await audits("personal.exported", personB)).toBe(0);
  });

  it("404 for anyone without the permission (and for an unknown person); 401 not signed in", async () => {
    const before = await audits("personal.exported", personA);
    for (const c of [hq, member, district, astanaVictims])
      expect((await c.get(`/api/affected-people/persons/${personA}/export.pdf`)).statusCode).toBe(404);
    expect((await victims.get(`/api/affected-people/persons/${randomUUID()}/export.pdf`)).statusCode).toBe(
      404,
    );
    expect((await anonymous.get(`/api/affected-people/persons/${personA}/export.pdf`)).statusCode).toBe(401);
    expect((await victims.get(`/api/affected-people/persons/${personA}/export.pdf?lang=de`)).statusCode).toBe(
      400,
    );
    // A refused export leaves no export entry, only the refusal.
    expect(await audits("personal.exported", personA)).toBe(before);
  });
});
