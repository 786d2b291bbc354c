/**
 * Counter-terrorist operations (R17–R19) through HTTP: declared by the city HQ from a report, forces
 * assigned and moving, the log kept, command taken over by the republican HQ, ended, referred.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { createEventBus } from "../../src/server/platform/events";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";
import { readStream } from "../support/sse";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let hq: Client;
let hqrep: Client;
let forces: Client;
let member: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [reporter, hq, hqrep, forces, member] = await Promise.all(
    ["reporter", "hq", "hqrep", "forces", "member"].map((u) => signIn(app, u)),
  );
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function acknowledgedReport() {
  const r = (
    await reporter.post(
      "/api/incidents",
      {
        type: "hostage_taking",
        occurredAt: new Date().toISOString(),
        territoryCode: "751710000",
        description: "Кепілге алу",
      },
      { "idempotency-key": randomUUID() },
    )
  ).json();
  await hq.post(`/api/incidents/${r.id}/actions`, { action: "acknowledge", version: 1 });
  return r;
}

describe("linking a report to an operation", () => {
  it("tells the boards with the same event as any triage step (the incidents module builds it, campaign included)", async () => {
    const report = await acknowledgedReport();
    const heard: Record<string, unknown>[] = [];
    const bus = await createEventBus(database, ["incident"], database.url);
    const stop = bus.subscribe("incident", (p) => {
      const e = p as Record<string, unknown>;
      if (e.id === report.id) heard.push(e);
    });
    try {
      const declared = await hq.post("/api/operations", {
        title: "Байланыс тексеру",
        goals: ["ensure_safety"],
        zoneTerritories: ["751710000"],
        incidentIds: [report.id],
      });
      expect(declared.statusCode, declared.body).toBe(201);
      for (let i = 0; i < 100 && !heard.length; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toHaveLength(1);
      const detail = (await hq.get(`/api/incidents/${report.id}`)).json();
      expect(heard[0]).toMatchObject({
        event: "triaged",
        id: report.id,
        regNumber: detail.regNumber,
        status: "linked",
        campaignId: detail.campaignId ?? null,
      });
      expect(Object.keys(heard[0]).sort()).toEqual(
        [
          "at",
          "campaignId",
          "event",
          "hqBodyId",
          "hqTerritoryPath",
          "id",
          "regNumber",
          "reporterBodyId",
          "status",
          "territoryPath",
          "type",
        ].sort(),
      );
    } finally {
      stop();
      await bus.close();
    }
  });
});

describe("an operation from declaration to referral", () => {
  it("runs the whole path with history, scope and audit", async () => {
    const report = await acknowledgedReport();
    const declared = await hq.post("/api/operations", {
      title: "Медеу ауданындағы кепілге алу",
      goals: ["suppress_act", "ensure_safety"],
      zoneTerritories: ["751710000"],
      zoneArea: {
        type: "Polygon",
        coordinates: [
          [
            [76.95, 43.2],
            [76.97, 43.2],
            [76.96, 43.22],
            [76.95, 43.2],
          ],
        ],
      },
      incidentIds: [report.id],
    });
    expect(declared.statusCode, declared.body).toBe(201);
    let op = declared.json();
    expect(op.number).toMatch(/^\d{4}-\d{4}$/);
    expect(op.zoneArea.coordinates[0]).toHaveLength(4);
    expect(op.commandingHq.names.ru).toBe("Оперативный штаб города Алматы");
    expect(op.allowedActions).toEqual(expect.arrayContaining(["command", "end", "write_log"]));
    expect(op.incidents.map((i: { id: string }) => i.id)).toEqual([report.id]);
    const linked = (await hq.get(`/api/incidents/${report.id}`)).json();
    expect(linked.status).toBe("linked");
    // A later report is linked to the running operation.
    const later = await acknowledgedReport();
    op = (await hq.post(`/api/operations/${op.id}/incidents`, { incidentId: later.id })).json();
    expect(op.incidents).toHaveLength(2);
    expect(
      (await reporter.post(`/api/operations/${op.id}/incidents`, { incidentId: later.id })).statusCode,
    ).toBe(404);

    // Forces: the response-force coordinator's own unit.
    const forceBodyId = (await forces.get("/api/auth/me")).json().grants[0].bodyId;
    expect((await forces.get(`/api/operations/${op.id}`)).statusCode).toBe(404); // not yet assigned
    op = (
      await hq.post(`/api/operations/${op.id}/forces`, { bodyId: forceBodyId, note: "2 бригада" })
    ).json();
    const force = op.forces[0];
    expect(force.status).toBe("requested");
    const seen = (await forces.get(`/api/operations/${op.id}`)).json(); // assigned: now visible
    expect(seen.forces[0].nextStatuses).toEqual(["committed", "released"]);
    // Only the force commits itself (who and how many, when): the HQ may only withdraw the request.
    expect(force.nextStatuses).toEqual(["released"]);
    const byHq = await hq.patch(`/api/operation-forces/${force.id}`, {
      status: "committed",
      version: force.version,
    });
    expect(byHq.statusCode).toBe(403);
    expect(
      (
        await forces.patch(`/api/operation-forces/${force.id}`, {
          status: "en_route",
          version: force.version,
        })
      ).statusCode,
    ).toBe(409); // not before committing
    expect(
      (
        await forces.patch(`/api/operation-forces/${force.id}`, {
          status: "committed",
          version: force.version,
          eta: "tomorrow",
        })
      ).statusCode,
    ).toBe(400);
    const eta = new Date(Date.now() + 20 * 60_000).toISOString();
    op = (
      await forces.patch(`/api/operation-forces/${force.id}`, {
        status: "committed",
        version: force.version,
        commitNote: "2 экипаж, 8 адам",
        eta,
      })
    ).json();
    expect(op.forces[0]).toMatchObject({ status: "committed", commitNote: "2 экипаж, 8 адам", eta });
    expect(op.forces[0].committedAt).toBeTruthy();
    // The commitment travels with the move to committed only.
    const noteLater = await forces.patch(`/api/operation-forces/${force.id}`, {
      status: "en_route",
      version: op.forces[0].version,
      commitNote: "x",
    });
    expect(noteLater.statusCode).toBe(400);
    expect(noteLater.json().fields[0].path).toBe("commitNote");
    op = (
      await forces.patch(`/api/operation-forces/${force.id}`, {
        status: "en_route",
        version: op.forces[0].version,
      })
    ).json();
    expect(op.forces[0].enRouteAt).toBeTruthy();
    expect(op.forces[0].commitNote).toBe("2 экипаж, 8 адам");
    const skip = await forces.patch(`/api/operation-forces/${force.id}`, {
      status: "requested",
      version: op.forces[0].version,
    });
    expect(skip.statusCode).toBe(409);

    // The log: R14's kinds of action (or an HQ's note) only; the system's own entries are codes with
    // parameters and the body concerned, never English text.
    op = (await forces.post(`/api/operations/${op.id}/log`, { entryType: "cordon", text: "шықты" })).json();
    expect(op.log.map((l: { entryType: string }) => l.entryType)).toContain("cordon");
    expect(
      (await hq.post(`/api/operations/${op.id}/log`, { entryType: "tactical_detail", text: "x" })).statusCode,
    ).toBe(400);
    // An old generic kind is no longer written.
    expect(
      (await hq.post(`/api/operations/${op.id}/log`, { entryType: "forces_movement", text: "x" })).statusCode,
    ).toBe(400);
    type Entry = {
      entryType: string;
      code: string | null;
      params: Record<string, string>;
      text: string;
      body: { id: string } | null;
    };
    const system = (op.log as Entry[]).filter((l) => l.entryType === "system");
    expect(system.map((l) => l.code)).toEqual([
      "declared",
      "forces_requested",
      "forces_status",
      "forces_status",
    ]);
    expect(system.every((l) => l.text === "")).toBe(true);
    expect(system[2].params).toEqual({ status: "committed" });
    expect(system[3].params).toEqual({ status: "en_route" });
    const moves = await database.query<{ after: { status: string; commitNote?: string } }>(
      "select after from audit_event where action = 'operation.force_changed' and entity_id = $1 order by id",
      [force.id],
    );
    expect(moves.map((m) => m.after.status)).toEqual(["requested", "committed", "en_route"]);
    expect(moves[1].after.commitNote).toBe("2 экипаж, 8 адам");
    expect(system[1].body?.id).toBe(forceBodyId);

    // Take-over: only a higher HQ; the city HQ keeps sight but no longer commands.
    expect(op.allowedActions).not.toContain("take_over");
    const rep = (await hqrep.get(`/api/operations/${op.id}`)).json();
    expect(rep.allowedActions).toContain("take_over");
    op = (await hqrep.post(`/api/operations/${op.id}/take-over`, { version: rep.version })).json();
    expect(op.commandingHq.names.ru).toBe("Республиканский оперативный штаб");
    expect(op.commandChain).toHaveLength(2);
    expect((await hq.get(`/api/operations/${op.id}`)).json().allowedActions).not.toContain("command");
    expect((await hq.post(`/api/operations/${op.id}/forces`, { bodyId: forceBodyId })).statusCode).toBe(403);

    // End, then referral (R19).
    op = (
      await hqrep.post(`/api/operations/${op.id}/end`, {
        version: op.version,
        outcome: "Кепілдер босатылды",
        lessons: "—",
      })
    ).json();
    expect(op.status).toBe("ended");
    expect(op.forces[0].status).toBe("released");
    expect((await hqrep.post(`/api/operations/${op.id}/log`, { entryType: "other" })).statusCode).toBe(409);
    op = (
      await hqrep.put(`/api/operations/${op.id}/referral`, {
        version: op.version,
        investigatingBody: "ҰҚК Тергеу департаменті",
        caseNumber: "2026-123",
        date: "2026-11-25",
      })
    ).json();
    expect(op.referral).toEqual({
      investigatingBody: "ҰҚК Тергеу департаменті",
      caseNumber: "2026-123",
      date: "2026-11-25",
    });

    // The after-action summary exports as XLSX and PDF, in Kazakh and Russian.
    const xlsx = await app.inject({
      method: "GET",
      url: `/api/operations/${op.id}/summary.xlsx?lang=kk`,
      headers: { cookie: hqrep.cookie },
    });
    expect(xlsx.statusCode).toBe(200);
    const { default: ExcelJS } = await import("exceljs");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(String(sheet.getCell("A1").value)).toContain(op.number);
    const cells = sheet.getColumn(2).values.map(String);
    expect(cells).toContain("Кепілдер босатылды");
    expect(cells.some((c) => c.includes("Терроризм актісінің жолын кесу"))).toBe(true);
    expect(wb.worksheets.map((w) => w.name)).toHaveLength(3);
    const pdf = await app.inject({
      method: "GET",
      url: `/api/operations/${op.id}/summary.pdf?lang=ru`,
      headers: { cookie: hqrep.cookie },
    });
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.rawPayload.includes(Buffer.from("DejaVuSans"))).toBe(true);
    expect((await member.get(`/api/operations/${op.id}/summary.pdf`)).statusCode).toBe(404);

    // Nobody else sees it.
    expect((await member.get(`/api/operations/${op.id}`)).statusCode).toBe(404);
    expect((await reporter.get(`/api/operations/${op.id}`)).statusCode).toBe(404);
    expect((await reporter.get("/api/operations")).json().total).toBe(0);
    const audit = await database.query<{ action: string }>(
      `select action from audit_event where entity_id = '${op.id}' order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      "operation.declared",
      "operation.logged",
      "operation.command_taken",
      "operation.ended",
      "operation.referred",
    ]);
  });

  it("refuses a declaration by someone who is not an HQ officer, and bad input", async () => {
    expect(
      (
        await reporter.post("/api/operations", {
          title: "x",
          goals: ["suppress_act"],
          zoneTerritories: ["750000000"],
        })
      ).statusCode,
    ).toBe(403);
    const open = await hq.post("/api/operations", {
      title: "x",
      goals: ["suppress_act"],
      zoneTerritories: ["750000000"],
      zoneArea: {
        type: "Polygon",
        coordinates: [
          [
            [76.95, 43.2],
            [76.97, 43.2],
            [76.96, 43.22],
            [76.9, 43.1],
          ],
        ],
      },
    });
    expect(open.statusCode).toBe(400); // the ring is not closed
    const bad = await hq.post("/api/operations", { title: "", goals: ["win"], zoneTerritories: [] });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .fields.map((f: { path: string }) => f.path)
        .sort(),
    ).toEqual(["goals.0", "title", "zoneTerritories"]);
  });
});

describe("the live operation page", () => {
  it("hears each change to its operation as it commits, replayed after Last-Event-ID; others get 404", async () => {
    const declared = await hq.post("/api/operations", {
      title: "Тірі бет",
      goals: ["suppress_act"],
      zoneTerritories: ["751710000"],
      incidentIds: [(await acknowledgedReport()).id],
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const op = declared.json();
    await app.listen({ host: "127.0.0.1", port: 0 });
    const addr = app.server.address();
    const base = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
    const url = `${base}/api/events/operations/${op.id}`;
    expect((await fetch(url, { headers: { cookie: member.cookie } })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);
    const first = await readStream(url, { cookie: hq.cookie }, (e) => e.some((x) => x.event === "position"));
    const at = first.find((x) => x.event === "position")?.id;
    expect(at).toMatch(/^\d+$/);
    // While the page is away, the log gets an entry; back with its last id, it hears of it.
    const logged = await hq.post(`/api/operations/${op.id}/log`, { entryType: "cordon", text: "" });
    expect(logged.statusCode, logged.body).toBe(200);
    const back = await readStream(url, { cookie: hq.cookie, "last-event-id": at! }, (e) =>
      e.some((x) => x.event === "operation"),
    );
    const heard = back.find((x) => x.event === "operation");
    expect(heard, JSON.stringify(back)).toBeTruthy();
    expect(JSON.parse(heard!.data)).toMatchObject({ event: "log", id: op.id });
  });
});
