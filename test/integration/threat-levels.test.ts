/**
 * Threat levels through HTTP (Decree No. 611; R6, R10.1, R21.3): the ATC declares anywhere, a regional
 * HQ in its region only, other roles may not; raise, partial lift and cancel are new decisions; the
 * job records expiry once; the public page and CAP feed show it without the grounds, answer 304 to a
 * matching ETag, change once the database's notification arrives, and every CAP document validates
 * against the OASIS CAP 1.2 schema (xmllint).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { recordThreatLevelTransitions } from "../../src/server/modules/threat-levels";
import { PublicSnapshot } from "../../src/server/modules/threat-levels/public-snapshot";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, client, signIn } from "../support/http";
import { readStream } from "../support/sse";

const XSD = resolve(import.meta.dirname, "../../data/cap/CAP-v1.2.xsd");
const SECRET = "Жедел ақпарат көзі: құпия негіздеме 7731";

let database: Database;
let app: FastifyInstance;
let atc: Client;
let hq: Client;
let member: Client;
let district: Client;
let hqrep: Client;
let anonymous: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({
    database,
    config: { signInRateLimit: 1000, publicUrl: "https://qorgan.example.kz" },
  });
  [atc, hq, member, district, hqrep] = await Promise.all(
    ["atc", "hq", "member", "district", "hqrep"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const announcement = (tag: string) => ({
  kk: `${tag}: халыққа хабарлама`,
  ru: `${tag}: объявление для населения`,
  en: "",
});

async function declare(c: Client, body: Record<string, unknown>) {
  return c.post("/api/threat-levels", {
    level: "moderate",
    endsAt: inHours(24 * 14),
    grounds: SECRET,
    announcement: announcement("A"),
    decisionRef: "АТО хаттамалық шешімі № 12",
    ...body,
  });
}

async function change(c: Client, id: string, body: Record<string, unknown>) {
  return c.post(`/api/threat-levels/${id}/changes`, {
    grounds: SECRET,
    announcement: announcement("B"),
    ...body,
  });
}

const mine = async (c: Client) => (await c.get("/api/threat-levels/mine")).json().items[0];
const auditCount = async (action: string, id: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = $1 and entity_id = $2",
        [action, id],
      )
    )[0].n,
  );

/** The public page once the notification of a change has been heard (the snapshot is rebuilt on it). */
async function publicPageWith(text: string, path = "/public"): Promise<string> {
  let body = "";
  await expect
    .poll(
      async () => {
        body = (await anonymous.get(path)).body;
        return body.includes(text);
      },
      { timeout: 10_000, interval: 50 },
    )
    .toBe(true);
  return body;
}

let regionDecl: { id: string; number: string };

describe("declaring", () => {
  it("the ATC declares for a region and the capital; a district of the region inherits it", async () => {
    const res = await declare(atc, { territories: ["190000000", "710000000", "191000000"] });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    regionDecl = d;
    expect(d.number).toMatch(/^\d{4}-\d{4}$/);
    expect(d.action).toBe("declare");
    expect(d.status).toBe("in_force");
    // Konaev is inside Almaty region: covered, not kept twice.
    expect(d.territories.map((t: { code: string }) => t.code)).toEqual(["190000000", "710000000"]);
    expect(d.grounds).toBe(SECRET);
    expect(d.declaredBy.body.names.ru).toMatch(/Антитеррористический центр/);
    expect(d.allowedActions).toEqual(["extend", "raise", "partial_lift", "cancel"]);
    expect(await auditCount("threat_level.declared", d.id)).toBe(1);

    const konaev = await mine(district);
    expect(konaev.territory.code).toBe("191000000");
    expect(konaev.level).toBe("moderate");
    expect(konaev.declarationId).toBe(d.id);
  });

  it("a regional HQ declares in its own region, is refused (403) elsewhere; a member is refused", async () => {
    const own = await declare(hq, {
      territories: ["751710000"],
      level: "high",
      announcement: announcement("Medeu"),
    });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json().declaredBy.body.names.ru).toBe("Оперативный штаб города Алматы");
    expect((await declare(hq, { territories: ["710000000"] })).statusCode).toBe(403);
    expect((await declare(hq, { territories: ["KZ"] })).statusCode).toBe(403);
    expect((await declare(hqrep, { territories: ["710000000"] })).statusCode).toBe(403);
    expect((await declare(member, { territories: ["750000000"] })).statusCode).toBe(403);
    expect((await declare(district, { territories: ["191000000"] })).statusCode).toBe(403);
    // The HQ may not change the ATC's decision for the capital; it sees it only when it concerns it.
    expect((await change(hq, regionDecl.id, { action: "cancel" })).statusCode).toBe(404);
    // Cancelled again so the rest of the file sees only the ATC's decisions in Almaty city.
    expect((await change(hq, own.json().id, { action: "cancel" })).statusCode).toBe(201);
  });

  it("refuses what is not a decision: unknown territory, end before start, not signed in", async () => {
    const bad = await declare(atc, { territories: ["999999999"] });
    expect(bad.statusCode).toBe(400);
    const early = await declare(atc, { territories: ["710000000"], endsAt: inHours(-1) });
    expect(early.statusCode).toBe(400);
    expect(early.json().fields[0]).toMatchObject({ path: "endsAt", code: "end_not_after_start" });
    const noKk = await declare(atc, { territories: ["710000000"], announcement: { kk: "", ru: "x" } });
    expect(noKk.statusCode).toBe(400);
    expect((await declare(anonymous, { territories: ["710000000"] })).statusCode).toBe(401);
  });

  it("readers see what concerns them, without the grounds unless they are the ATC, an HQ or an auditor", async () => {
    const list = (await member.get("/api/threat-levels")).json();
    expect(list.allowedActions).toEqual([]);
    // Almaty city's member: the Medeu decisions concern it; the region + capital one does not (404).
    expect(list.items.every((d: { grounds?: string }) => d.grounds === undefined)).toBe(true);
    expect((await member.get(`/api/threat-levels/${regionDecl.id}`)).statusCode).toBe(404);
    const forDistrict = (await district.get(`/api/threat-levels/${regionDecl.id}`)).json();
    expect(forDistrict.grounds).toBeUndefined();
    expect(forDistrict.allowedActions).toEqual([]);
    expect((await atc.get("/api/threat-levels")).json().allowedActions).toEqual(["declare"]);
  });
});

let raised: { id: string };
let lifted: { id: string };

describe("changing by new decisions", () => {
  it("raise: a new decision referencing the old, which is superseded and cannot be changed again", async () => {
    const res = await change(atc, regionDecl.id, { action: "raise", level: "high" });
    expect(res.statusCode, res.body).toBe(201);
    raised = res.json();
    expect(res.json()).toMatchObject({ action: "raise", level: "high", supersedesId: regionDecl.id });
    const old = (await atc.get(`/api/threat-levels/${regionDecl.id}`)).json();
    expect(old.status).toBe("superseded");
    expect(old.changedById).toBe(raised.id);
    expect(old.allowedActions).toEqual([]);
    const again = await change(atc, regionDecl.id, { action: "cancel" });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("declaration_not_changeable");
    expect((await change(atc, raised.id, { action: "raise", level: "moderate" })).json().fields[0].code).toBe(
      "not_higher",
    );
    expect((await mine(district)).level).toBe("high");
    expect(await auditCount("threat_level.changed", raised.id)).toBe(1);
  });

  it("partial lift: kept in the capital, lifted in Almaty region (and Konaev with it)", async () => {
    const outside = await change(atc, raised.id, { action: "partial_lift", territories: ["750000000"] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields[0].code).toBe("not_within_declaration");
    const res = await change(atc, raised.id, { action: "partial_lift", territories: ["710000000"] });
    expect(res.statusCode, res.body).toBe(201);
    lifted = res.json();
    expect(lifted).toMatchObject({ action: "partial_lift", level: "high" });
    expect(res.json().territories.map((t: { code: string }) => t.code)).toEqual(["710000000"]);
    const konaev = await mine(district);
    expect(konaev.level).toBeNull();
    const current = (await atc.get("/api/threat-levels/current")).json().items;
    const byCode = new Map(current.map((x: { territory: { code: string } }) => [x.territory.code, x]));
    expect((byCode.get("710000000") as { level: string }).level).toBe("high");
    expect((byCode.get("190000000") as { level: string | null }).level).toBeNull();
  });

  it("the history of a territory lists its decisions and exports to XLSX", async () => {
    const h = (await district.get("/api/threat-levels/history?territory=191000000")).json();
    expect(h.territory.names.ru).toMatch(/онаев/);
    expect(h.items.map((d: { id: string }) => d.id)).toEqual([raised.id, regionDecl.id]);
    const x = await atc.get("/api/threat-levels/history.xlsx?territory=710000000&lang=ru");
    expect(x.statusCode).toBe(200);
    expect(x.headers["content-type"]).toContain("spreadsheetml");
    expect(x.rawPayload.subarray(0, 2).toString()).toBe("PK");
  });
});

describe("the public page and the feed", () => {
  it("shows the level without the grounds, with ETag, 304 and a short public cache", async () => {
    const body = await publicPageWith(announcement("B").kk);
    const res = await anonymous.get("/public");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
    expect(res.headers["cache-control"]).toBe("public, max-age=30");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(body).toContain('<html lang="kk">');
    expect(body).toMatch(/data-kato="710000000" data-level="high"/);
    expect(body).toMatch(/data-kato="190000000" data-level="none"/);
    expect(body).not.toContain(SECRET);
    expect(body).not.toContain("<script");
    const etag = String(res.headers.etag);
    const again = await anonymous.get("/public", { "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers.etag).toBe(etag);
    for (const path of [
      "/public/ru",
      "/public?lang=en",
      "/public/en",
      "/public/cap.atom",
      "/public/cap.atom?lang=ru",
    ]) {
      const r = await anonymous.get(path);
      expect(r.statusCode, path).toBe(200);
      expect(r.body, path).not.toContain(SECRET);
    }
    expect((await anonymous.get("/public/ru")).body).toContain("высокий («оранжевый»)");
    expect((await anonymous.get("/public/xx")).statusCode).toBe(404);
  });

  it("shows the approved public statements after an act (R21.3) in the page's language, by body not person", async () => {
    const ru = (await anonymous.get("/public/ru")).body;
    expect(ru).toContain("Официальные заявления государственных органов");
    expect(ru).toContain("Ситуация у торгового центра под контролем.");
    const kk = (await anonymous.get("/public/kk")).body;
    expect(kk).toContain("Сауда орталығы маңындағы жағдай бақылауда.");
    expect(kk).not.toContain("Ситуация у торгового центра");
  });

  it("changes after a new declaration, once the notification is heard (no query per request)", async () => {
    const before = await anonymous.get("/public/ru");
    const res = await declare(atc, {
      territories: ["KZ-CASPIAN"],
      level: "critical",
      announcement: {
        kk: "Каспий: қатерлі деңгей",
        ru: "Каспий: критический уровень",
        en: "Caspian: critical",
      },
    });
    expect(res.statusCode).toBe(201);
    const body = await publicPageWith("Каспий: критический уровень", "/public/ru");
    expect(body).toMatch(/data-kato="KZ-CASPIAN" data-level="critical"/);
    const after = await anonymous.get("/public/ru", { "if-none-match": String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    // English given: the English page shows it in English.
    expect((await anonymous.get("/public/en")).body).toContain("Caspian: critical");
  });

  it("every CAP document validates against the OASIS CAP 1.2 schema; an Update references the Alert", async () => {
    const atom = (await anonymous.get("/public/cap.atom")).body;
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const links = [
      ...atom.matchAll(/href="https:\/\/qorgan\.example\.kz(\/public\/cap\/[0-9a-f-]+\.xml)"/g),
    ].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(6);
    const dir = mkdtempSync(join(tmpdir(), "cap-"));
    try {
      const docs = new Map<string, string>();
      for (const link of links) {
        const r = await anonymous.get(link);
        expect(r.statusCode, link).toBe(200);
        expect(r.headers["content-type"]).toContain("application/cap+xml");
        expect(r.body).not.toContain(SECRET);
        docs.set(link, r.body);
        writeFileSync(join(dir, `${docs.size}.xml`), r.body);
      }
      const files = [...docs.keys()].map((_, i) => join(dir, `${i + 1}.xml`));
      // Throws (exit status ≠ 0) when any document fails the schema.
      const out = execFileSync("xmllint", ["--noout", "--schema", XSD, ...files], {
        encoding: "utf8",
        stdio: "pipe",
      });
      expect(out).toBe("");

      const doc = (id: string) => docs.get(`/public/cap/${id}.xml`)!;
      const alert = doc(regionDecl.id);
      expect(alert).toContain("<msgType>Alert</msgType>");
      expect(alert).toContain("<status>Actual</status>");
      expect(alert).toContain("<scope>Public</scope>");
      expect(alert).toContain("<sender>qorgan.example.kz</sender>");
      expect(alert).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00<\/sent>/);
      expect(alert).toContain("<language>kk</language>");
      expect(alert).toContain("<language>ru</language>");
      expect(alert).not.toContain("<language>en</language>");
      expect(alert).toContain("<category>Security</category>");
      expect(alert).toContain("<severity>Moderate</severity><certainty>Possible</certainty>");
      expect(alert).toContain("<geocode><valueName>KATO</valueName><value>190000000</value></geocode>");
      expect(alert).toContain("<instruction>");
      const polygons = [...alert.matchAll(/<polygon>([^<]+)<\/polygon>/g)].map((m) => m[1].split(" "));
      expect(polygons.length).toBeGreaterThanOrEqual(4); // two areas × two languages
      for (const p of polygons) {
        expect(p.length).toBeGreaterThanOrEqual(4);
        expect(p.length).toBeLessThanOrEqual(250);
        expect(p[0]).toBe(p.at(-1));
        const [lat, lon] = p[0].split(",").map(Number);
        expect(lat).toBeGreaterThan(40);
        expect(lat).toBeLessThan(56);
        expect(lon).toBeGreaterThan(46);
      }
      const identifier = /<identifier>([^<]+)<\/identifier>/.exec(alert)![1];
      const sent = /<sent>([^<]+)<\/sent>/.exec(alert)![1];
      const update = doc(raised.id);
      expect(update).toContain("<msgType>Update</msgType>");
      expect(update).toContain(`<references>qorgan.example.kz,${identifier},${sent}</references>`);
      expect(update).toContain("<severity>Severe</severity><certainty>Likely</certainty>");
      // The partial lift references the whole chain; its area is the capital only.
      const partial = doc(lifted.id);
      expect(partial).toMatch(
        new RegExp(`<references>qorgan\\.example\\.kz,${identifier},${sent.replace("+", "\\+")} `),
      );
      expect(partial).not.toContain("<value>190000000</value>");
      const caspian = [...docs.values()].find((d) => d.includes("<value>KZ-CASPIAN</value>"))!;
      expect(caspian).toContain("<language>en</language>");
      expect(caspian).toContain(
        "<urgency>Immediate</urgency><severity>Extreme</severity><certainty>Observed</certainty>",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("starts and expiries happen by themselves", () => {
  it("the job records a start made ahead and an expiry at the end once, audited, and the public page follows", async () => {
    const startsAt = new Date(Date.now() + 1500).toISOString();
    const endsAt = new Date(Date.now() + 3000).toISOString();
    const res = await declare(atc, {
      territories: ["790000000"],
      level: "high",
      startsAt,
      endsAt,
      announcement: announcement("Shymkent"),
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d.status).toBe("scheduled");
    expect(await recordThreatLevelTransitions(database)).toBe(0);
    await new Promise((r) => setTimeout(r, 3200));
    expect(await recordThreatLevelTransitions(database)).toBe(2);
    expect(await recordThreatLevelTransitions(database)).toBe(0);
    expect(await auditCount("threat_level.started", d.id)).toBe(1);
    expect(await auditCount("threat_level.expired", d.id)).toBe(1);
    expect((await atc.get(`/api/threat-levels/${d.id}`)).json().status).toBe("expired");
    const body = await publicPageWith('data-kato="790000000" data-level="none"');
    expect(body).toContain(announcement("Shymkent").kk); // still in the history
  });

  it("cancel: the capital's level is gone; the cancellation is a Cancel in the feed", async () => {
    const res = await change(atc, lifted.id, { action: "cancel", announcement: announcement("C") });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().level).toBeNull();
    expect(res.json().status).toBe("cancellation");
    expect((await atc.get(`/api/threat-levels/${lifted.id}`)).json().status).toBe("cancelled");
    await publicPageWith('data-kato="710000000" data-level="none"');
    const cap = (await anonymous.get(`/public/cap/${res.json().id}.xml`)).body;
    expect(cap).toContain("<msgType>Cancel</msgType>");
    expect(cap).toContain("<responseType>AllClear</responseType>");
  });
});

describe("the public snapshot without its listener", () => {
  it("serves what it holds, and a request rebuilds it once it is older than the limit", async () => {
    // Not following any bus: as when the LISTEN connection is down.
    const snapshot = new PublicSnapshot(database, { sender: "test.local" }, 300);
    const first = await snapshot.get();
    expect(await snapshot.get()).toBe(first); // young: no query
    const res = await declare(atc, {
      territories: ["350000000"],
      announcement: { kk: "Қарағанды: қалыпты", ru: "Караганда: умеренный", en: "" },
    });
    expect(res.statusCode).toBe(201);
    expect(first.pages.ru.body).not.toContain("Караганда: умеренный");
    await new Promise((r) => setTimeout(r, 350));
    const rebuilt = await snapshot.get();
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.pages.ru.body).toContain("Караганда: умеренный");
    snapshot.close();
  });
});

describe("the live stream of threat levels", () => {
  it("sends each event with an id, and replays what a reader missed after its Last-Event-ID", async () => {
    await app.listen({ host: "127.0.0.1", port: 0 });
    const addr = app.server.address();
    const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}/api/events/threat-levels`;
    // A fresh reader is told where the log stands (an id, no event of its own yet).
    const first = await readStream(url, { cookie: district.cookie }, (e) =>
      e.some((x) => x.event === "position"),
    );
    const at = first.find((x) => x.event === "position")?.id;
    expect(at).toMatch(/^\d+$/);
    // While it is away, the ATC declares a level over its region (Almaty region covers Konaev).
    const res = await declare(atc, { territories: ["190000000"] });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    // Back with its last id: the decision is sent, with an id after the one it had.
    const back = await readStream(url, { cookie: district.cookie, "last-event-id": at! }, (e) =>
      e.some((x) => x.event === "threat-level" && JSON.parse(x.data).id === id),
    );
    const missed = back.find((x) => x.event === "threat-level" && JSON.parse(x.data).id === id);
    expect(missed, JSON.stringify(back)).toBeTruthy();
    expect(BigInt(missed!.id!)).toBeGreaterThan(BigInt(at!));
    expect(missed!.data).not.toContain(SECRET);
  });
});
