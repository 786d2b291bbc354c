/**
 * Meetings, decisions and assignments under control (R5) through HTTP, on PGlite and
 * PostgreSQL: protocol signed and printed, assignments reported, returned, accepted, extended; the
 * control job reminds, marks overdue and escalates; discipline per body; nobody else sees any of it.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let member: Client;
let admin: Client;
let atc: Client;
let outsider: Client;
let second: Client;
let commissionId: string;
let memberBodyId: string;
let secondBodyId: string;

type Member = { id: string; role: string };

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, member, admin, atc] = await Promise.all(
    ["secretary", "member", "admin", "atc"].map((u) => signIn(app, u)),
  );
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  memberBodyId = (await member.get("/api/auth/me")).json().grants[0].bodyId;
  const commission = (await secretary.get(`/api/bodies/${commissionId}`)).json();
  secondBodyId = commission.members.find(
    (m: { memberBodyId: string }) => m.memberBodyId !== memberBodyId && m.memberBodyId,
  ).memberBodyId;
  const astanaCommission = await findBodyId(admin, `kind=commission&territory=${ASTANA}`);
  await createUser(database, systemContext("test"), {
    username: "astana-sec-m",
    displayName: "Test secretary",
    password: "a-long-test-password",
    grants: [{ role: "commission_secretary", bodyId: astanaCommission, territoryCode: ASTANA }],
  });
  await createUser(database, systemContext("test"), {
    username: "second-member",
    displayName: "Test member",
    password: "a-long-test-password",
    grants: [{ role: "commission_member", bodyId: secondBodyId, territoryCode: ALMATY }],
  });
  outsider = await signIn(app, "astana-sec-m", "a-long-test-password");
  second = await signIn(app, "second-member", "a-long-test-password");
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function plannedMeeting(heldAt = "2026-03-12T10:00:00+05:00") {
  const res = await secretary.post("/api/meetings", {
    bodyId: commissionId,
    heldAt,
    place: "Алматы қаласы әкімдігі, мәжіліс залы",
    chairName: "Тестов Т.Т.",
    agenda: [
      {
        title: "Сауда орталықтарының терроризмге қарсы қорғалуы туралы",
        speakers: [{ name: "Полиция департаменті", bodyId: memberBodyId }],
      },
      { title: "Жастар арасындағы профилактика туралы", speakers: [] },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const pdfText = (b: Buffer) => b.subarray(0, 5).toString("latin1");

describe("a meeting and its protocol (R5)", () => {
  it("an empty or absent required field reads 'required', a value of the wrong type 'invalid type'; nothing is stored", async () => {
    const before = (await secretary.get("/api/meetings")).json().items.length;
    const base = { bodyId: commissionId, place: "Зал", chairName: "Тестов Т.Т.", agenda: [] };
    // A form's unchosen date arrives as "" (it was "invalid format").
    const empty = await secretary.post("/api/meetings", { ...base, heldAt: "" }, { "accept-language": "ru" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().fields).toContainEqual(
      expect.objectContaining({ path: "heldAt", code: "required", message: "Обязательное поле." }),
    );
    const absent = await secretary.post("/api/meetings", base);
    expect(absent.json().fields).toContainEqual(
      expect.objectContaining({ path: "heldAt", code: "required" }),
    );
    const asNull = await secretary.post("/api/meetings", { ...base, heldAt: null });
    expect(asNull.json().fields).toContainEqual(
      expect.objectContaining({ path: "heldAt", code: "required" }),
    );
    // A number where text belongs is not "required".
    const wrong = await secretary.post("/api/meetings", {
      ...base,
      heldAt: "2026-03-12T10:00:00+05:00",
      place: 42,
    });
    expect(wrong.json().fields).toContainEqual(
      expect.objectContaining({ path: "place", code: "invalid_type" }),
    );
    const bad = await secretary.post("/api/meetings", { ...base, heldAt: "12.03.2026" });
    expect(bad.json().fields).toContainEqual(
      expect.objectContaining({ path: "heldAt", code: "invalid_format" }),
    );
    expect((await secretary.get("/api/meetings")).json().items.length).toBe(before);
  });

  it("is planned with agenda and attendance, gets decisions, prints a draft, is signed and numbered", async () => {
    let m = await plannedMeeting();
    expect(m).toMatchObject({ status: "planned", protocolNumber: null, canManage: true, basis: ["R5"] });
    expect(m.members.map((x: Member) => x.id)).toContain(memberBodyId);

    // Attendance only of member bodies; a wrong one changes nothing.
    const stranger = await findBodyId(secretary, `kind=partner&territory=${ALMATY}`);
    const bad = await secretary.patch(`/api/meetings/${m.id}`, {
      version: m.version,
      attendance: [{ bodyId: stranger, representative: "X", present: true }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ path: "attendance.0.bodyId", code: "not_a_member" });
    expect((await secretary.get(`/api/meetings/${m.id}`)).json().version).toBe(m.version);

    const attendance = m.members.map((x: Member, i: number) => ({
      bodyId: x.id,
      representative: `Өкіл ${i + 1}`,
      present: i !== 1,
    }));
    m = (await secretary.patch(`/api/meetings/${m.id}`, { version: m.version, attendance })).json();
    expect(m.attendance.filter((a: { present: boolean }) => !a.present)).toHaveLength(1);

    // A decision with executors needs a deadline; one without executors is informational.
    const noDeadline = await secretary.post(`/api/meetings/${m.id}/decisions`, {
      text: "Ақпаратты назарға алу",
      executorIds: [memberBodyId],
    });
    expect(noDeadline.json().fields[0]).toMatchObject({ path: "deadline", code: "required" });
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, {
        agendaIndex: 0,
        text: "Ақпарат назарға алынсын.",
      })
    ).json();
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, {
        agendaIndex: 0,
        text: "Сауда орталықтарында эвакуация жаттығуларын өткізу.",
        executorIds: [memberBodyId, secondBodyId],
        deadline: "2026-12-20",
      })
    ).json();
    expect(m.decisions.map((d: { position: number }) => d.position)).toEqual([1, 2]);
    expect(m.decisions[1].executors).toHaveLength(2);
    // Numbered within its agenda item: the first decision under item 2 is 2.1, not 2.3.
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, {
        agendaIndex: 1,
        text: "Жастармен жұмыс жоспары назарға алынсын.",
      })
    ).json();
    expect(m.decisions.map((d: { number: string }) => d.number)).toEqual(["1.1", "1.2", "2.1"]);

    // Members read; only the secretary edits; another territory sees nothing.
    expect((await member.get(`/api/meetings/${m.id}`)).json().canManage).toBe(false);
    expect(
      (await member.post(`/api/meetings/${m.id}/decisions`, { text: "x", agendaIndex: 0 })).statusCode,
    ).toBe(403);
    expect((await outsider.get(`/api/meetings/${m.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/meetings/${m.id}/protocol.pdf`)).statusCode).toBe(404);
    expect((await outsider.get("/api/meetings")).json().items).toEqual([]);

    const draft = await secretary.get(`/api/meetings/${m.id}/protocol.pdf?lang=kk`);
    expect(draft.statusCode).toBe(200);
    expect(draft.headers["content-type"]).toBe("application/pdf");
    expect(pdfText(draft.rawPayload)).toBe("%PDF-");

    const signed = await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version });
    expect(signed.statusCode, signed.body).toBe(200);
    m = signed.json();
    expect(m).toMatchObject({ status: "held", protocolNumber: 1 });
    expect(m.assignments.map((a: { number: string }) => a.number).sort()).toEqual(["1/2-1", "1/2-2"]);
    expect(m.assignments[0]).toMatchObject({ status: "assigned", deadline: "2026-12-20" });
    expect(m.assignments[0].controller.id).toBe(commissionId);

    // A signed protocol is locked; the next meeting of the year gets number 2.
    expect((await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).statusCode).toBe(409);
    expect(
      (await secretary.patch(`/api/meetings/${m.id}`, { version: m.version, place: "x" })).statusCode,
    ).toBe(409);
    const next = await plannedMeeting("2026-06-01T10:00:00+05:00");
    expect(
      (await secretary.post(`/api/meetings/${next.id}/sign`, { version: next.version })).json()
        .protocolNumber,
    ).toBe(2);

    for (const lang of ["kk", "ru"]) {
      const pdf = await member.get(`/api/meetings/${m.id}/protocol.pdf?lang=${lang}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-disposition"]).toContain(`protocol-1-${lang}.pdf`);
      expect(pdf.rawPayload.length).toBeGreaterThan(2000);
    }
    const audit = (await admin.get(`/api/audit?entityId=${m.id}&action=meeting.protocol_signed`)).json();
    expect(audit.items[0].after.assignments).toHaveLength(2);
    // The executors are told.
    const n = (await member.get("/api/notifications")).json();
    expect(n.items.some((x: { kind: string }) => x.kind === "assigned")).toBe(true);
  });
});

describe("assignments under control (R5)", () => {
  async function signedWith(deadline: string, executors = [memberBodyId]) {
    let m = await plannedMeeting();
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, {
        text: "Тапсырма",
        executorIds: executors,
        deadline,
      })
    ).json();
    m = (await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).json();
    return m.assignments as { id: string; version: number }[];
  }

  it("the executor reports with its legal act and a file; the controller returns with a reason, then accepts", async () => {
    const [a] = await signedWith("2099-12-31");
    let d = (await member.get(`/api/assignments/${a.id}`)).json();
    expect(d.allowedActions.sort()).toEqual(["report", "request_extension"]);
    expect((await secretary.get(`/api/assignments/${a.id}`)).json().allowedActions).toEqual([]);

    // Nothing to accept yet; the controller cannot report for the executor.
    expect(
      (await secretary.post(`/api/assignments/${a.id}/actions`, { action: "accept", version: d.version }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await secretary.post(`/api/assignments/${a.id}/actions`, {
          action: "report",
          version: d.version,
          comment: "x",
        })
      ).statusCode,
    ).toBe(403);
    // A report needs text.
    const empty = await member.post(`/api/assignments/${a.id}/actions`, {
      action: "report",
      version: d.version,
    });
    expect(empty.statusCode).toBe(400);

    const reported = await member.post(`/api/assignments/${a.id}/actions`, {
      action: "report",
      version: d.version,
      comment: "Жаттығу 5 сауда орталығында өткізілді.",
      figures: { events_held: 5, people_reached: 1200 },
      actNumber: "45-бұйрық",
      actDate: "2026-04-02",
      attachments: [
        {
          filename: "акт.txt",
          mime: "text/plain",
          contentBase64: Buffer.from("жаттығу актісі").toString("base64"),
        },
      ],
    });
    expect(reported.statusCode, reported.body).toBe(200);
    d = reported.json();
    expect(d.status).toBe("reported");
    expect(d.files).toHaveLength(1);
    expect(d.history.at(-1)).toMatchObject({
      action: "report",
      data: { figures: { events_held: 5, people_reached: 1200 }, actNumber: "45-бұйрық" },
    });
    const file = await secretary.get(`/api/assignments/${a.id}/files/${d.files[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toBe("жаттығу актісі");
    expect((await outsider.get(`/api/assignments/${a.id}/files/${d.files[0].id}`)).statusCode).toBe(404);

    // Returning needs a reason.
    const noReason = await secretary.post(`/api/assignments/${a.id}/actions`, {
      action: "return",
      version: d.version,
    });
    expect(noReason.json().fields[0]).toMatchObject({ path: "comment", code: "reason_required" });
    d = (
      await secretary.post(`/api/assignments/${a.id}/actions`, {
        action: "return",
        version: d.version,
        comment: "Қатысушылар тізімі жоқ",
      })
    ).json();
    expect(d.status).toBe("returned");
    expect((await member.get("/api/notifications")).json().items[0]).toMatchObject({ kind: "returned" });

    // A stale version changes nothing.
    expect(
      (await member.post(`/api/assignments/${a.id}/actions`, { action: "report", version: 1, comment: "x" }))
        .statusCode,
    ).toBe(409);
    d = (
      await member.post(`/api/assignments/${a.id}/actions`, {
        action: "report",
        version: d.version,
        comment: "Тізім қоса берілді.",
      })
    ).json();
    d = (
      await secretary.post(`/api/assignments/${a.id}/actions`, { action: "accept", version: d.version })
    ).json();
    expect(d.status).toBe("done_on_time");
    expect(d.allowedActions).toEqual([]);
    expect(d.history.map((h: { action: string }) => h.action)).toEqual([
      "assign",
      "report",
      "return",
      "report",
      "accept",
    ]);
    const audit = (await admin.get(`/api/audit?entityId=${a.id}&action=assignment.return`)).json();
    expect(audit.items[0]).toMatchObject({ actorName: "secretary" });
  });

  it("an extension is asked for a later date and granted, moving the deadline", async () => {
    const [a] = await signedWith("2099-06-30");
    const d0 = (await member.get(`/api/assignments/${a.id}`)).json();
    const earlier = await member.post(`/api/assignments/${a.id}/actions`, {
      action: "request_extension",
      version: d0.version,
      comment: "Мерзім жеткіліксіз",
      newDeadline: "2099-01-01",
    });
    expect(earlier.json().fields[0]).toMatchObject({ path: "newDeadline", code: "deadline_not_later" });
    let d = (
      await member.post(`/api/assignments/${a.id}/actions`, {
        action: "request_extension",
        version: d0.version,
        comment: "Мерзім жеткіліксіз",
        newDeadline: "2099-09-30",
      })
    ).json();
    expect(d.status).toBe("extension_requested");
    d = (
      await secretary.post(`/api/assignments/${a.id}/actions`, {
        action: "grant_extension",
        version: d.version,
      })
    ).json();
    expect(d).toMatchObject({ status: "assigned", deadline: "2099-09-30", originalDeadline: "2099-06-30" });
  });

  it("the control job reminds, marks overdue, escalates to the higher commission once; a late report closes late", async () => {
    const [a, b] = await signedWith("2026-02-10", [memberBodyId, secondBodyId]);
    const cfg = { remindDaysBefore: 3, escalateAfterDays: 3 };
    expect(await runControl(database, cfg, new Date("2026-02-01T05:00:00Z"))).toBe(0);
    // 8 Feb (Almaty): reminders to both executors.
    await runControl(database, cfg, new Date("2026-02-08T05:00:00Z"));
    expect((await second.get("/api/notifications")).json().items[0]).toMatchObject({
      kind: "deadline_near",
      entityId: b.id,
    });
    // 10 Feb 23:00 Almaty is still in time; 11 Feb 00:30 Almaty (10 Feb 19:30 UTC) is not.
    await runControl(database, cfg, new Date("2026-02-10T18:00:00Z"));
    expect((await second.get("/api/notifications")).json().items[0].kind).toBe("deadline_near");
    await runControl(database, cfg, new Date("2026-02-10T19:30:00Z"));
    expect((await second.get("/api/notifications")).json().items[0].kind).toBe("deadline_passed");
    // 3 days' grace, then the ATC's coordinator (Almaty is a city of republican significance) is told.
    await runControl(database, cfg, new Date("2026-02-13T12:00:00Z"));
    expect((await atc.get(`/api/assignments/${b.id}`)).json().escalatedTo).toBeNull();
    await runControl(database, cfg, new Date("2026-02-14T12:00:00Z"));
    const esc = (await atc.get(`/api/assignments/${b.id}`)).json();
    expect(esc.escalatedTo.names.en).toMatch(/Anti-Terrorism Center/);
    expect(esc.overdue).toBe(true);
    expect(esc.history.map((h: { action: string }) => h.action)).toEqual(["assign", "overdue", "escalate"]);
    const atcNotes = (await atc.get("/api/notifications")).json();
    expect(
      atcNotes.items.filter(
        (x: { entityId: string; kind: string }) => x.entityId === b.id && x.kind === "escalated",
      ),
    ).toHaveLength(1);
    // Once only.
    expect(await runControl(database, cfg, new Date("2026-02-20T12:00:00Z"))).toBe(0);
    const control = (await atc.get("/api/assignments?scope=control&status=overdue")).json();
    expect(control.items.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    // A late report is accepted as late.
    let d = (await member.get(`/api/assignments/${a.id}`)).json();
    d = (
      await member.post(`/api/assignments/${a.id}/actions`, {
        action: "report",
        version: d.version,
        comment: "Орындалды",
      })
    ).json();
    d = (
      await secretary.post(`/api/assignments/${a.id}/actions`, { action: "accept", version: d.version })
    ).json();
    expect(d.status).toBe("done_late");

    // Discipline over the year: the member body has a late one, the second body an overdue one.
    const disc = (await secretary.get("/api/assignments/discipline?from=2026-01-01&to=2026-12-31")).json();
    const row = (id: string) => disc.rows.find((r: { body: { id: string } }) => r.body.id === id);
    expect(row(memberBodyId)).toMatchObject({ late: 1 });
    expect(row(secondBodyId).overdue).toBeGreaterThanOrEqual(1);
    expect(
      (await outsider.get("/api/assignments/discipline?from=2026-01-01&to=2026-12-31")).json().rows,
    ).toEqual([]);
  });

  it("is seen by its executor and its commission, never by another territory or another body", async () => {
    const [a] = await signedWith("2099-03-31");
    const mine = (await member.get("/api/assignments?scope=mine")).json();
    expect(mine.items.map((x: { id: string }) => x.id)).toContain(a.id);
    const secondMine = (await second.get("/api/assignments?scope=mine")).json();
    expect(secondMine.items.map((x: { id: string }) => x.id)).not.toContain(a.id);
    expect((await outsider.get(`/api/assignments/${a.id}`)).statusCode).toBe(404);
    expect((await outsider.get("/api/assignments")).json().total).toBe(0);
    const d = (await member.get(`/api/assignments/${a.id}`)).json();
    expect(
      (await outsider.post(`/api/assignments/${a.id}/actions`, { action: "accept", version: d.version }))
        .statusCode,
    ).toBe(404);
    expect((await atc.get(`/api/assignments/${a.id}`)).statusCode).toBe(200);
  });
});

describe("another territory", () => {
  it("is refused on every meeting and assignment route, and nothing changes", async () => {
    let m = await plannedMeeting();
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, {
        text: "Тапсырма",
        executorIds: [memberBodyId],
        deadline: "2099-01-31",
      })
    ).json();
    const planned = await plannedMeeting();
    const dec = (
      await secretary.post(`/api/meetings/${planned.id}/decisions`, { text: "Шешім", agendaIndex: 0 })
    ).json();
    m = (await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).json();
    const a = m.assignments[0];
    const before = (await secretary.get(`/api/meetings/${planned.id}`)).json();
    const tries: [string, string, unknown?][] = [
      ["GET", `/api/meetings/${m.id}`],
      ["GET", `/api/meetings/${m.id}/protocol.pdf`],
      ["PATCH", `/api/meetings/${planned.id}`, { version: dec.version, place: "x" }],
      ["POST", `/api/meetings/${planned.id}/decisions`, { text: "x", agendaIndex: 0 }],
      ["DELETE", `/api/meetings/${planned.id}/decisions/${dec.decisions[0].id}`],
      ["POST", `/api/meetings/${planned.id}/sign`, { version: dec.version }],
      ["GET", `/api/assignments/${a.id}`],
      ["POST", `/api/assignments/${a.id}/actions`, { action: "report", version: a.version, comment: "x" }],
    ];
    for (const [method, url, payload] of tries) {
      const res = await app.inject({
        method: method as "GET",
        url,
        payload: payload as never,
        headers: { cookie: outsider.cookie },
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(
      (await outsider.post("/api/meetings", { bodyId: commissionId, heldAt: "2026-03-01T10:00:00+05:00" }))
        .statusCode,
    ).toBe(403);
    expect((await outsider.get(`/api/meetings?bodyId=${commissionId}`)).json().items).toEqual([]);
    expect((await secretary.get(`/api/meetings/${planned.id}`)).json()).toEqual(before);
    expect((await secretary.get(`/api/assignments/${a.id}`)).json().status).toBe("assigned");
  });
});

describe("exercises and trainings (R10.2, R10.3)", () => {
  it("are planned in the calendar, recorded with results, and their findings become assignments", async () => {
    const base = {
      bodyId: commissionId,
      kind: "drill",
      title: "Сауда орталығында эвакуация жаттығуы",
      scenario: "Жарылғыш құрылғы табылды деген хабар",
      place: "«Алатау» СО",
      date: "2026-04-15",
      participantBodyIds: [memberBodyId],
      plannedParticipants: 300,
    };
    const noSetting = await secretary.post("/api/exercises", base);
    expect(noSetting.json().fields[0]).toMatchObject({ path: "setting", code: "required" });
    const noAudience = await secretary.post("/api/exercises", { ...base, kind: "training" });
    expect(noAudience.json().fields[0]).toMatchObject({ path: "audience", code: "required" });
    expect((await member.post("/api/exercises", { ...base, setting: "work" })).statusCode).toBe(403);
    const created = await secretary.post("/api/exercises", { ...base, setting: "work" });
    expect(created.statusCode, created.body).toBe(201);
    let e = created.json();
    expect(e).toMatchObject({ basis: "R10.3", status: "planned", setting: "work", canManage: true });
    const training = (
      await secretary.post("/api/exercises", {
        ...base,
        kind: "training",
        title: "Жастармен жұмыс істейтін мұғалімдерді оқыту",
        audience: "professional",
        audienceDetail: "мұғалімдер",
        date: "2026-05-20",
      })
    ).json();
    expect(training).toMatchObject({ basis: "R10.2", audience: "professional" });

    const april = (await member.get("/api/exercises?from=2026-04-01&to=2026-04-30")).json();
    expect(april.items.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect((await outsider.get("/api/exercises?from=2026-01-01&to=2026-12-31")).json().items).toEqual([]);
    expect((await outsider.get(`/api/exercises/${e.id}`)).statusCode).toBe(404);
    expect(
      (
        await outsider.post(`/api/exercises/${e.id}/result`, {
          version: e.version,
          status: "held",
          results: "x",
        })
      ).statusCode,
    ).toBe(404);

    e = (
      await secretary.post(`/api/exercises/${e.id}/result`, {
        version: e.version,
        status: "held",
        actualParticipants: 280,
        results: "Эвакуация 12 минутта өтті",
        findings: [{ text: "Дабыл жүйесін жөндеу", executorBodyId: memberBodyId, deadline: "2099-06-01" }],
      })
    ).json();
    expect(e).toMatchObject({ status: "held", actualParticipants: 280 });
    const a = (await member.get(`/api/assignments/${e.findings[0].assignmentId}`)).json();
    expect(a).toMatchObject({
      source: "exercise",
      number: "У-1/1",
      status: "assigned",
      deadline: "2099-06-01",
    });
    expect(a.controller.id).toBe(commissionId);
    expect(
      (
        await secretary.post(`/api/exercises/${e.id}/result`, {
          version: e.version,
          status: "held",
          results: "x",
        })
      ).statusCode,
    ).toBe(409);
  });
});

describe("a district commission's assignment (R5) escalates to its region's commission", () => {
  it("is decided at a district meeting, goes overdue, reaches the region's secretariat and dashboard, not the ATC first", async () => {
    const KONAEV = "191000000"; // a city of regional significance in Almaty region: its own commission
    const place = (await admin.get(`/api/territories/${KONAEV}`)).json();
    const region = place.ancestors.find((t: { level: number }) => t.level === 1).code as string;
    const commissions = (await admin.get(`/api/bodies?kind=commission&territory=${region}&limit=100`)).json()
      .items as { id: string; territoryCode: string }[];
    const districtCommission = commissions.find((c) => c.territoryCode === KONAEV)!.id;
    const regionCommission = commissions.find((c) => c.territoryCode === region)!.id;
    const executor = await findBodyId(admin, `kind=akimat&territory=${KONAEV}`);
    await createUser(database, systemContext("test"), {
      username: "konaev-sec",
      displayName: "Test district secretary",
      password: "a-long-test-password",
      grants: [{ role: "commission_secretary", bodyId: districtCommission, territoryCode: KONAEV }],
    });
    await createUser(database, systemContext("test"), {
      username: "region-sec",
      displayName: "Test region secretary",
      password: "a-long-test-password",
      grants: [{ role: "commission_secretary", bodyId: regionCommission, territoryCode: region }],
    });
    const district = await signIn(app, "konaev-sec", "a-long-test-password");
    const regional = await signIn(app, "region-sec", "a-long-test-password");

    const planned = await district.post("/api/meetings", {
      bodyId: districtCommission,
      heldAt: "2026-03-02T10:00:00+05:00",
      place: "Қонаев қаласы әкімдігі",
      chairName: "Тестов Т.Т.",
      agenda: [{ title: "Білім беру ұйымдарының қорғалуы туралы", speakers: [] }],
    });
    expect(planned.statusCode, planned.body).toBe(201);
    let m = planned.json();
    const decided = await district.post(`/api/meetings/${m.id}/decisions`, {
      text: "Мектептерде эвакуация жаттығуларын өткізу",
      executorIds: [executor],
      deadline: "2026-03-20",
    });
    expect(decided.statusCode, decided.body).toBeLessThan(300);
    m = (await district.post(`/api/meetings/${m.id}/sign`, { version: decided.json().version })).json();
    const [a] = m.assignments as { id: string }[];

    const cfg = { remindDaysBefore: 3, escalateAfterDays: 3 };
    await runControl(database, cfg, new Date("2026-03-21T12:00:00Z"));
    await runControl(database, cfg, new Date("2026-03-24T12:00:00Z"));
    const esc = (await regional.get(`/api/assignments/${a.id}`)).json();
    expect(esc.overdue).toBe(true);
    expect(esc.escalatedTo.id).toBe(regionCommission);
    const control = (await regional.get("/api/assignments?scope=control&status=overdue")).json();
    expect(control.items.map((x: { id: string }) => x.id)).toContain(a.id);
    const notes = (await regional.get("/api/notifications")).json();
    expect(
      notes.items.some(
        (x: { entityId: string; kind: string }) => x.entityId === a.id && x.kind === "escalated",
      ),
    ).toBe(true);
    // The region's dashboard counts it against its executor; another region's secretary sees nothing.
    const dash = (await regional.get("/api/prevention/dashboard?year=2026&quarter=1")).json();
    expect(dash.overdueByBody.map((o: { body: { id: string } }) => o.body.id)).toContain(executor);
    expect((await outsider.get(`/api/assignments/${a.id}`)).statusCode).toBe(404);
  });
});
