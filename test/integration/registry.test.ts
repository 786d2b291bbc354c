/**
 * The coordination registry through HTTP (R3–R5, R13, R18, R22, R23): bodies created from the
 * territory tree, search, scoped reads (404 outside scope), audited edits, memberships and the
 * audited personal-data read. Runs on PGlite and on PostgreSQL.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeIinBin } from "../../src/domain/identifiers";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let admin: Client;
let secretary: Client;
let reporter: Client;
let member: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  admin = await signIn(app, "admin");
  secretary = await signIn(app, "secretary");
  reporter = await signIn(app, "reporter");
  member = await signIn(app, "member");
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe("bodies created from the territory tree (R3, R5, R18)", () => {
  it("has one ATC, a commission and an HQ for every coordinated territory, the marine and republican HQs", async () => {
    const rows = await database.query<{ kind: string; subtype: string | null; n: string }>(
      "select kind, subtype, count(*)::text as n from body where kind in ('atc','commission','hq') group by kind, subtype",
    );
    const n = (kind: string, subtype: string | null = null) =>
      Number(rows.find((r) => r.kind === kind && r.subtype === subtype)?.n ?? 0);
    const [{ c }] = await database.query<{ c: string }>(
      "select count(*)::text as c from territory where type in ('region','city_republican','district','city_regional')",
    );
    expect(n("atc")).toBe(1);
    expect(n("commission")).toBe(Number(c));
    expect(n("hq", "region") + n("hq", "district")).toBe(Number(c));
    expect(n("hq", "region")).toBe(20);
    expect(n("hq", "marine")).toBe(1);
    expect(n("hq", "republican")).toBe(1);
  });

  it("subordinates HQs district → region → republican and marine → republican", async () => {
    const rows = await database.query<{ sub: string; sup: string | null }>(`
      select b.subtype as sub, p.subtype as sup from body b left join body p on p.id = b.parent_id
      where b.kind = 'hq' group by b.subtype, p.subtype`);
    const map = Object.fromEntries(rows.map((r) => [r.sub, r.sup]));
    expect(rows.filter((r) => r.sub === "district").map((r) => r.sup)).toEqual(["region"]);
    expect(map.region).toBe("republican");
    expect(map.marine).toBe("republican");
    expect(map.republican).toBeNull();
  });
});

describe("search and list", () => {
  it("finds the Almaty city commission in Kazakh, in Russian and with a typo", async () => {
    for (const q of ["Алматы қаласының", "комиссия города Алматы", "Алмты каласынын комиссиясы"]) {
      const res = await admin.get(`/api/bodies?kind=commission&q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      const names = res.json().items.map((b: { names: { ru: string } }) => b.names.ru);
      expect(names[0], q).toBe("Антитеррористическая комиссия города Алматы");
    }
  });

  it("filters by territory subtree and kind, with total and the legal basis", async () => {
    const res = await admin.get(`/api/bodies?territory=${ALMATY}&kind=response_force&limit=100`);
    const body = res.json();
    expect(body.total).toBeGreaterThanOrEqual(14);
    for (const b of body.items) expect(b.territoryCode.startsWith("75")).toBe(true);
    const bases = new Set(body.items.flatMap((b: { basis: string[] }) => b.basis));
    expect([...bases].sort()).toEqual(["R22", "R23"]);
  });

  it("rejects a bad query with a localised 400", async () => {
    const res = await admin.get("/api/bodies?kind=nonsense&territory=123", { "accept-language": "ru" });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .fields.map((f: { path: string }) => f.path)
      .sort();
    expect(fields).toEqual(["querystring.kind", "querystring.territory"]);
    expect(res.json().message).toMatch(/[А-Яа-я]/);
  });
});

describe("territorial scope", () => {
  it("a secretary in Almaty sees Almaty's and the national bodies, not Astana's (404)", async () => {
    const astanaCommission = await findBodyId(admin, `kind=commission&territory=${ASTANA}`);
    expect((await secretary.get(`/api/bodies/${astanaCommission}`)).statusCode).toBe(404);
    const list = (await secretary.get(`/api/bodies?kind=commission&limit=500`)).json();
    for (const b of list.items) expect(b.territoryCode.startsWith("75")).toBe(true);
    const atc = await findBodyId(admin, "kind=atc");
    expect((await secretary.get(`/api/bodies/${atc}`)).statusCode).toBe(200);
  });

  it("an organisation reporter sees its own organisation only, plus the coordinating bodies above it", async () => {
    const list = (await reporter.get("/api/bodies?limit=500")).json();
    const kinds = new Set(list.items.map((b: { kind: string }) => b.kind));
    expect(list.items.filter((b: { kind: string }) => b.kind === "organisation")).toHaveLength(1);
    for (const k of kinds) expect(["organisation", "atc", "commission", "hq"]).toContain(k);
    const other = (
      await admin.get(`/api/bodies?kind=organisation&territory=${ALMATY}&limit=2&offset=5`)
    ).json().items[0];
    expect((await reporter.get(`/api/bodies/${other.id}`)).statusCode).toBe(404);
  });

  it("a signed-out request gets 401", async () => {
    const res = await client(app).get("/api/bodies");
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("unauthenticated");
  });
});

describe("editing", () => {
  it("updates a body with optimistic locking, audits before/after, and offers only allowed actions", async () => {
    const id = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
    const before = (await admin.get(`/api/bodies/${id}`)).json();
    expect(before.allowedActions).toEqual(expect.arrayContaining(["registry.update", "registry.delete"]));
    const res = await admin.patch(`/api/bodies/${id}`, {
      version: before.version,
      phone: "+7 727 111 22 33",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phone).toBe("+7 727 111 22 33");
    expect(res.json().version).toBe(before.version + 1);

    const stale = await admin.patch(`/api/bodies/${id}`, {
      version: before.version,
      phone: "+7 727 000 00 00",
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("version_conflict");

    const audit = (await admin.get(`/api/audit?entityId=${id}&action=body.updated`)).json();
    expect(audit.items[0].before).toEqual({
      phone: before.phone,
      version: before.version,
      updatedBy: null,
    });
    expect(audit.items[0].after.phone).toBe("+7 727 111 22 33");
    expect(audit.items[0].actorName).toBe("admin");
  });

  it("rejects an invalid BIN with a localised field error and changes nothing", async () => {
    const id = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
    const before = (await admin.get(`/api/bodies/${id}`)).json();
    const res = await admin.patch(
      `/api/bodies/${id}`,
      { version: before.version, bin: "180340012345", nameRu: "X" },
      { "accept-language": "en" },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual([
      { path: "bin", code: "invalid_bin", message: expect.stringContaining("check digit") },
    ]);
    // Each rule has its own code: here the month (digits 3–4) is 34, the check digit is not the reason.
    const month = await admin.patch(
      `/api/bodies/${id}`,
      { version: before.version, bin: "123456789012" },
      { "accept-language": "en" },
    );
    expect(month.json().fields).toEqual([
      { path: "bin", code: "bin_month", message: expect.stringContaining("month") },
    ]);
    const kk = await admin.patch(
      `/api/bodies/${id}`,
      { version: before.version, bin: "12" },
      { "accept-language": "kk" },
    );
    expect(kk.json().fields[0].code).toBe("bin_format");
    expect(kk.json().message).not.toBe(res.json().message);
    expect((await admin.get(`/api/bodies/${id}`)).json()).toEqual(before);
  });

  it("creates an organisation with a valid BIN; a duplicate BIN is a 409", async () => {
    const bin = completeIinBin("18034001234")!;
    const ok = await admin.post("/api/bodies", {
      kind: "organisation",
      nameKk: "«Сынақ-2» ЖШС",
      nameRu: "ТОО «Сынақ-2»",
      territoryCode: ALMATY,
      bin,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().basis).toEqual(["R16"]);
    const dup = await admin.post("/api/bodies", {
      kind: "organisation",
      nameKk: "Басқа",
      nameRu: "Другое",
      territoryCode: ALMATY,
      bin,
    });
    expect(dup.statusCode).toBe(409);
  });

  it("refuses to create commissions by hand (they come from the territory tree)", async () => {
    const res = await admin.post("/api/bodies", {
      kind: "commission",
      nameKk: "А",
      nameRu: "Б",
      territoryCode: ALMATY,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("system_kind");
  });

  it("a secretary cannot create outside her territory; a commission member cannot edit", async () => {
    const res = await secretary.post("/api/bodies", {
      kind: "partner",
      subtype: "media",
      nameKk: "А",
      nameRu: "Б",
      territoryCode: ASTANA,
    });
    expect(res.statusCode).toBe(403);
    const own = await secretary.post("/api/bodies", {
      kind: "partner",
      subtype: "media",
      nameKk: "«Сынақ» БАҚ",
      nameRu: "СМИ «Сынақ»",
      territoryCode: ALMATY,
    });
    expect(own.statusCode, own.body).toBe(201);
    const b = own.json();
    expect(b.basis).toEqual(["R13"]);
    const m = await member.patch(`/api/bodies/${b.id}`, { version: b.version, phone: "+7 700 000 00 00" });
    expect(m.statusCode).toBe(403);
  });

  it("deactivates a body (soft delete) and hides it from the default list", async () => {
    const created = (
      await admin.post("/api/bodies", {
        kind: "partner",
        subtype: "other_civil",
        nameKk: "Уақытша топ",
        nameRu: "Временная группа",
        territoryCode: ALMATY,
      })
    ).json();
    expect((await admin.delete(`/api/bodies/${created.id}?version=${created.version}`)).statusCode).toBe(200);
    const list = (await admin.get(`/api/bodies?q=${encodeURIComponent("Временная группа")}`)).json();
    expect(list.items.find((x: { id: string }) => x.id === created.id)).toBeUndefined();
    const withInactive = (
      await admin.get(`/api/bodies?q=${encodeURIComponent("Временная группа")}&includeInactive=true`)
    ).json();
    expect(withInactive.items.find((x: { id: string }) => x.id === created.id)?.active).toBe(false);
  });
});

describe("memberships (R5) and personal data", () => {
  it("the Almaty commission has its akimat as chair and shows basis R5", async () => {
    const id = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
    const d = (await secretary.get(`/api/bodies/${id}`)).json();
    expect(d.basis).toContain("R5");
    expect(d.members[0].role).toBe("chair");
    expect(d.members[0].memberNames.ru).toMatch(/^Акимат/);
    expect(d.allowedActions).toEqual(expect.arrayContaining(["membership.manage", "personal.read"]));
    expect(JSON.stringify(d)).not.toContain("contactPhone");
  });

  it("adds, updates and removes a member; contacts are readable only with personal.read, and every read is audited", async () => {
    const commission = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
    const partner = await findBodyId(secretary, `kind=partner&territory=${ALMATY}`);
    const add = await secretary.post(`/api/bodies/${commission}/members`, {
      memberBodyId: partner,
      role: "member",
      representativeName: "Тест Тестов",
      contactPhone: "+7 701 555 00 11",
    });
    expect(add.statusCode, add.body).toBe(201);
    const m = add.json();
    const upd = await secretary.patch(`/api/memberships/${m.id}`, { version: m.version, role: "deputy" });
    expect(upd.json().role).toBe("deputy");

    expect((await member.get(`/api/memberships/${m.id}/contact`)).statusCode).toBe(403);
    const contact = await secretary.get(`/api/memberships/${m.id}/contact`);
    expect(contact.json()).toEqual({ contactPhone: "+7 701 555 00 11", contactEmail: "" });
    const reads = (await admin.get(`/api/audit?action=personal.read&entityId=${m.id}`)).json();
    expect(
      reads.items.map((e: { actorName: string; outcome: string }) => `${e.actorName}:${e.outcome}`),
    ).toEqual(["secretary:success", "member:denied"]);
    const added = (await admin.get(`/api/audit?action=membership.added&entityId=${m.id}`)).json();
    expect(JSON.stringify(added)).not.toContain("555 00 11");

    expect((await secretary.delete(`/api/memberships/${m.id}`)).statusCode).toBe(200);
    const d = (await secretary.get(`/api/bodies/${commission}`)).json();
    expect(d.members.find((x: { id: string }) => x.id === m.id)).toBeUndefined();
  });
});

describe("territories", () => {
  it("lists regions, finds a district by name and returns its ancestors", async () => {
    const regions = (await client(app).get("/api/territories?parent=KZ&limit=100")).json().items;
    expect(regions.length).toBe(21); // 17 regions + 3 cities + the maritime zone
    const found = (await client(app).get(`/api/territories?q=${encodeURIComponent("Медеу")}`)).json().items;
    expect(found[0].names.kk).toMatch(/Медеу/);
    const d = (await client(app).get(`/api/territories/${found[0].code}`)).json();
    expect(d.ancestors.map((a: { code: string }) => a.code)).toEqual(["KZ", ALMATY]);
    expect((await client(app).get("/api/territories/123")).statusCode).toBe(400);
    expect((await client(app).get("/api/territories/759999999")).statusCode).toBe(404);
  });
});
