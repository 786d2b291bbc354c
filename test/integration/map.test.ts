/**
 * The operating picture's layers through HTTP (R16–R18): each answered by its module in the reader's
 * scope — another territory's reports and operations are not in a reader's layer; a malformed box is a
 * localised field error; reports without a point are drawn at their settlement's gazetteer point or
 * their district's centre;
 * where a territory is (box, point, boundary); and a report whose point lies outside its territory is
 * refused until the reporter confirms it.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let hqrep: Client;

const MEDEU = "751710000"; // a district of Almaty (the city HQ's area)
const KONAEV_TOWN = "191010000"; // г.Қонаев (Almaty region): placed by the gazetteer
const IN_MEDEU = { lon: 76.96, lat: 43.24 };
const IN_ASTANA = { lon: 71.43, lat: 51.13 };
const ALMATY_BOX = "76.7,43.0,77.2,43.45";
const ASTANA_BOX = "71.2,50.9,71.7,51.3";

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [reporter, hq, hqrep] = await Promise.all(["reporter", "hq", "hqrep"].map((u) => signIn(app, u)));
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function report(body: Record<string, unknown>) {
  return reporter.post(
    "/api/incidents",
    { type: "suspicious_object", occurredAt: new Date().toISOString(), description: "Иесіз сөмке", ...body },
    { "idempotency-key": randomUUID() },
  );
}

const layer = async (c: Client, query = "") => {
  const res = await c.get(`/api/incidents/map${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; lon: number; lat: number; approximate: boolean; type: string }[];
    withoutPoint: number;
    truncated: boolean;
  };
};
const ids = (l: { items: { id: string }[] }) => l.items.map((i) => i.id);

describe("the reports layer", () => {
  let almaty: string;
  let konaev: string;
  let konaevPoint: { lon: number; lat: number };

  beforeAll(async () => {
    const a = await report({ territoryCode: MEDEU, ...IN_MEDEU, type: "armed_attack" });
    expect(a.statusCode, a.body).toBe(201);
    almaty = a.json().id;
    // No point of its own: drawn at the town's gazetteer point.
    const k = await report({ territoryCode: KONAEV_TOWN });
    expect(k.statusCode, k.body).toBe(201);
    konaev = k.json().id;
    const place = (await client(app).get(`/api/territories/${KONAEV_TOWN}/place`)).json();
    konaevPoint = { lon: place.point[0], lat: place.point[1] };
  });

  it("is for signed-in readers only", async () => {
    expect((await client(app).get("/api/incidents/map")).statusCode).toBe(401);
    expect((await client(app).get("/api/operations/map")).statusCode).toBe(401);
  });

  it("shows the city HQ its own reports and not another territory's; the republican HQ both", async () => {
    const city = await layer(hq);
    expect(ids(city)).toContain(almaty);
    expect(ids(city)).not.toContain(konaev);
    const national = await layer(hqrep);
    expect(ids(national)).toEqual(expect.arrayContaining([almaty, konaev]));
    expect(national.items.find((i) => i.id === almaty)).toMatchObject({ ...IN_MEDEU, approximate: false });
    expect(national.items.find((i) => i.id === konaev)).toMatchObject({ ...konaevPoint, approximate: true });
    // The reporter's organisation sees what it filed (its reporter scope), wherever it is.
    expect(ids(await layer(reporter))).toEqual(expect.arrayContaining([almaty, konaev]));
  });

  it("draws a report without a point at its district's centre, and counts an offshore one without a point", async () => {
    const d = await report({ territoryCode: MEDEU });
    expect(d.statusCode, d.body).toBe(201);
    const before = (await layer(hqrep)).withoutPoint;
    const sea = await report({ territoryCode: "KZ-CASPIAN", offshore: true });
    expect(sea.statusCode, sea.body).toBe(201);
    const national = await layer(hqrep);
    expect(national.withoutPoint).toBe(before + 1);
    expect(ids(national)).not.toContain(sea.json().id);
    const place = (await client(app).get(`/api/territories/${MEDEU}/place`)).json();
    const [w, s, e, n] = place.bbox;
    expect(national.items.find((i) => i.id === d.json().id)).toMatchObject({
      lon: (w + e) / 2,
      lat: (s + n) / 2,
      approximate: true,
    });
  });

  it("filters by box, type and time", async () => {
    expect(ids(await layer(hqrep, `?bbox=${ALMATY_BOX}`))).toContain(almaty);
    expect(ids(await layer(hqrep, `?bbox=${ASTANA_BOX}`))).not.toContain(almaty);
    // The approximate point is boxed too.
    expect(ids(await layer(hqrep, `?bbox=${ALMATY_BOX}`))).not.toContain(konaev);
    const attacks = await layer(hqrep, "?types=armed_attack,hostage_taking");
    expect(ids(attacks)).toContain(almaty);
    expect(attacks.items.every((i) => ["armed_attack", "hostage_taking"].includes(i.type))).toBe(true);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await layer(hqrep, `?from=${encodeURIComponent(future)}`)).items).toEqual([]);
  });

  it("refuses a malformed box, an unknown type and a bad time with localised field errors", async () => {
    for (const bbox of ["1,2,3", "87,40,46,55", "a,b,c,d", "46,55,87,40"]) {
      const res = await hqrep.get(`/api/incidents/map?bbox=${bbox}`, { "accept-language": "ru" });
      expect(res.statusCode, bbox).toBe(400);
      const f = res.json().fields.find((x: { path: string }) => x.path === "querystring.bbox");
      expect(f).toMatchObject({ code: "invalid_bbox" });
      expect(f.message).toMatch(/Границы карты/);
    }
    const kk = await hqrep.get("/api/incidents/map?bbox=1,2,3", { "accept-language": "kk" });
    expect(kk.json().fields[0].message).toMatch(/Карта шекарасы/);
    expect((await hqrep.get("/api/incidents/map?types=armed_attack,bogus")).statusCode).toBe(400);
    expect((await hqrep.get("/api/incidents/map?from=yesterday")).statusCode).toBe(400);
  });
});

describe("the operation-zones layer", () => {
  it("shows the HQ's operation with its zone's boundary, and not to a reader outside its chain", async () => {
    const declared = await hq.post("/api/operations", {
      title: "Картаға арналған операция",
      goals: ["ensure_safety"],
      zoneTerritories: [MEDEU],
      zoneArea: {
        type: "Polygon",
        coordinates: [
          [
            [76.9, 43.2],
            [77.0, 43.2],
            [77.0, 43.3],
            [76.9, 43.2],
          ],
        ],
      },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const id = declared.json().id;
    const mine = (await hq.get("/api/operations/map")).json();
    const op = mine.items.find((o: { id: string }) => o.id === id);
    expect(op).toMatchObject({ status: "active", zone: [{ code: MEDEU, boundaryCode: MEDEU }] });
    expect(op.zoneArea.coordinates[0]).toHaveLength(4);
    expect((await hqrep.get("/api/operations/map")).json().items.map((o: { id: string }) => o.id)).toContain(
      id,
    );
    // The reporting organisation is not on the operation's chain or among its forces.
    expect(
      (await reporter.get("/api/operations/map")).json().items.map((o: { id: string }) => o.id),
    ).not.toContain(id);
    // An operation that began later than `to` is not in that window.
    const before = (
      await hq.get(`/api/operations/map?to=${encodeURIComponent("2000-01-01T00:00:00Z")}`)
    ).json();
    expect(before.items.map((o: { id: string }) => o.id)).not.toContain(id);
    expect((await hq.get("/api/operations/map?status=nonsense")).statusCode).toBe(400);
  });
});

describe("where a territory is", () => {
  it("gives a district its box and boundary, a town its point and its district's boundary", async () => {
    const medeu = (await client(app).get(`/api/territories/${MEDEU}/place`)).json();
    expect(medeu.boundary.code).toBe(MEDEU);
    const [w, s, e, n] = medeu.bbox;
    expect(w).toBeLessThan(IN_MEDEU.lon);
    expect(e).toBeGreaterThan(IN_MEDEU.lon);
    expect(s).toBeLessThan(IN_MEDEU.lat);
    expect(n).toBeGreaterThan(IN_MEDEU.lat);
    const town = (await client(app).get(`/api/territories/${KONAEV_TOWN}/place`)).json();
    expect(town.point[0]).toBeCloseTo(77.06, 1);
    expect(town.point[1]).toBeCloseTo(43.87, 1);
    expect(town.boundary.code).toBe("191000000");
    expect((await client(app).get("/api/territories/KZ-CASPIAN/place")).json().boundary).toBeNull();
    expect((await client(app).get("/api/territories/759900000/place")).statusCode).toBe(404);
    expect((await client(app).get("/api/territories/abc/place")).statusCode).toBe(400);
  });
});

describe("a report's point outside its territory (R16)", () => {
  it("is refused with a localised field error until the reporter confirms it", async () => {
    const refused = await reporter.post(
      "/api/incidents",
      {
        type: "suspicious_object",
        occurredAt: new Date().toISOString(),
        territoryCode: MEDEU,
        ...IN_ASTANA,
        description: "Нүкте басқа қалада",
      },
      { "idempotency-key": randomUUID(), "accept-language": "ru" },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields).toEqual([
      expect.objectContaining({ path: "pointOutsideConfirmed", code: "point_outside_territory" }),
    ]);
    expect(refused.json().fields[0].message).toMatch(/за пределами выбранной территории/);
    const confirmed = await report({ territoryCode: MEDEU, ...IN_ASTANA, pointOutsideConfirmed: true });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    expect(confirmed.json()).toMatchObject(IN_ASTANA);
    // Inside (or offshore, where nothing is judged) needs no confirmation.
    expect((await report({ territoryCode: MEDEU, ...IN_MEDEU })).statusCode).toBe(201);
    expect(
      (await report({ territoryCode: "KZ-CASPIAN", offshore: true, lon: 50.5, lat: 44.5 })).statusCode,
    ).toBe(201);
  });
});
