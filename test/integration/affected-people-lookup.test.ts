/**
 * The look-up by IIN (Law No. 94-V; persons.service.ts `lookupByIin`) reads a record, its entries,
 * the records linked into it and the reader's grants in one prepared statement: its answer is the same
 * record as a read by id (every entry, body, amount and time), the grants decide exactly as they do
 * for a read (role, a grant in force, not a revoked one), and each record answered is one audit entry.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { demoIin } from "../../src/server/modules/affected-people/affected-people.seed";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";

let database: Database;
let app: FastifyInstance;
let victims: Client;
let hq: Client;
let member: Client;
let admin: Client;
let caseId: string;
let otherCaseId: string;
let personId: string;
let linkedId: string;

const IIN = demoIin("1987-04-09", "male", 4101);

const reads = async (entityId: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = 'personal.read' and outcome = 'success' and entity_id = $1",
        [entityId],
      )
    )[0].n,
  );

const fileIncident = async () => {
  const res = await hq.post(
    "/api/incidents",
    {
      type: "explosion",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      territoryCode: ALMATY,
      description: "Жарылыс (сынақ)",
    },
    { "idempotency-key": randomUUID() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [victims, hq, member, admin] = await Promise.all(
    ["victims", "hq", "member", "admin"].map((u) => signIn(app, u)),
  );
  const hospitalId = await findBodyId(
    admin,
    `kind=organisation&territory=${ALMATY}&q=${encodeURIComponent("больница")}`,
  );
  const ambulanceId = await findBodyId(
    admin,
    `kind=response_force&subtype=emergency_medical&territory=${ALMATY}`,
  );
  const akimatId = await findBodyId(admin, `kind=akimat&territory=${ALMATY}`);
  caseId = await fileIncident();
  otherCaseId = await fileIncident();
  const base = {
    role: "victim",
    surname: "Сағынтаев",
    givenName: "Ернар",
    patronymic: "Болатұлы",
    birthDate: "1987-04-09",
    phone: "+7 702 555 01 02",
    address: "Алматы, Төле би 5",
  };
  const reg = await victims.post(`/api/affected-people/cases/${caseId}/persons`, {
    ...base,
    iin: IIN,
    status: {
      status: "hospitalised",
      severity: "moderate",
      hospitalBodyId: hospitalId,
      at: new Date(Date.now() - 1_800_000).toISOString(),
      bodyId: ambulanceId,
      details: "Контузия, ссадины",
    },
  });
  expect(reg.statusCode, reg.body).toBe(201);
  personId = reg.json().person.id;
  const at = new Date(Date.now() - 600_000).toISOString();
  for (const e of [
    { kind: "help", helpType: "medical_psychological", details: "Консультация" },
    { kind: "compensation", harm: "material", stage: "claim", amount: 250_000, reference: "Ө-7" },
  ]) {
    const res = await victims.post(`/api/affected-people/persons/${personId}/entries`, {
      at,
      bodyId: akimatId,
      ...e,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  // A record linked into it (as reconciliation leaves one), and the same IIN in another case.
  const other = await victims.post(`/api/affected-people/cases/${caseId}/persons`, {
    ...base,
    status: { status: "missing", at, bodyId: akimatId, details: "" },
  });
  expect(other.statusCode, other.body).toBe(201);
  linkedId = other.json().person.id;
  await database.query("update affected_person set merged_into_id = $1 where id = $2", [personId, linkedId]);
  const second = await victims.post(`/api/affected-people/cases/${otherCaseId}/persons`, {
    ...base,
    iin: IIN,
    status: { status: "evacuated", at, bodyId: akimatId, details: "" },
  });
  expect(second.statusCode, second.body).toBe(201);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("look-up by IIN", () => {
  it("answers the same record as a read by id, each answered record audited once", async () => {
    const before = await reads(personId);
    const look = await victims.post("/api/affected-people/lookup", { iin: IIN });
    expect(look.statusCode, look.body).toBe(200);
    const items = look.json().items as { id: string; case: { incidentId: string } }[];
    expect(items.map((p) => p.case.incidentId).sort()).toEqual([caseId, otherCaseId].sort());
    expect(await reads(personId)).toBe(before + 1);
    const read = await victims.get(`/api/affected-people/persons/${personId}`);
    const found = items.find((p) => p.id === personId);
    expect(found).toEqual(read.json());
    expect(read.json().entries).toHaveLength(3);
    // The look-up names who recorded each entry (full name and body) as the read by id does.
    for (const e of read.json().entries) await expectPersonIs(database, e.recordedBy, "victims");
    expect(read.json().linkedRecords).toEqual([linkedId]);
    expect(read.json().compensation.length).toBeGreaterThan(0);
  });

  it("a record linked into another is not found by its own IIN hash; an unknown IIN finds nothing", async () => {
    const look = await victims.post("/api/affected-people/lookup", {
      iin: demoIin("1970-01-01", "male", 4199),
    });
    expect(look.json().items).toEqual([]);
  });

  it("without the permission nothing is answered or audited; a grant in force answers its case only; revoked, nothing", async () => {
    const before = await reads(personId);
    expect((await hq.post("/api/affected-people/lookup", { iin: IIN })).json().items).toEqual([]);
    expect((await member.post("/api/affected-people/lookup", { iin: IIN })).json().items).toEqual([]);
    const g = await hq.post(`/api/affected-people/cases/${caseId}/access`, {
      username: "member",
      until: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(g.statusCode, g.body).toBe(201);
    const granted = await member.post("/api/affected-people/lookup", { iin: IIN });
    expect(granted.json().items.map((p: { id: string }) => p.id)).toEqual([personId]);
    expect(await reads(personId)).toBe(before + 1);
    expect((await hq.post(`/api/affected-people/access/${g.json().id}/revoke`, {})).statusCode).toBe(200);
    expect((await member.post("/api/affected-people/lookup", { iin: IIN })).json().items).toEqual([]);
    expect(await reads(personId)).toBe(before + 1);
  });
});
