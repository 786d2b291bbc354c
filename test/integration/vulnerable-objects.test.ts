/**
 * Vulnerable objects through HTTP (R10.5; Law art. 10-1–10-3): owners see only their own objects, a
 * commission of another region gets 404, the public nothing; the passport's contents need their own
 * permission and every read is audited; the workflow draft → submitted → returned/agreed by the police
 * unit; the XLSX import reports bad rows and leaves nothing of them; an inspection's finding becomes an
 * order under control that goes overdue and is escalated by the control job; list approval by a signed
 * protocol decision; compliance and the map layer.
 */
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iinBinCheckDigit } from "../../src/domain/identifiers";
import { addDays, almatyDate } from "../../src/domain/prevention";
import { buildApp } from "../../src/server/app";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { runPassportReminders } from "../../src/server/modules/vulnerable-objects";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { ALMATY } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";
import { expectPersonIs } from "../support/people";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let reporter: Client;
let member: Client;
let hq: Client;
let district: Client;
let anonymous: Client;
let reporterBodyId: string;
let memberBodyId: string;

/** A valid synthetic BIN with this serial (registration 2301, resident legal entity). */
function bin(serial: number): string {
  for (let s = serial; ; s++) {
    const first11 = `230140${String(s).padStart(5, "0")}`;
    const c = iinBinCheckDigit(first11);
    if (c !== null) return `${first11}${c}`;
  }
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, reporter, member, hq, district] = await Promise.all(
    ["secretary", "reporter", "member", "hq", "district"].map((u) => signIn(app, u)),
  );
  anonymous = client(app);
  reporterBodyId = (await reporter.get("/api/auth/me")).json().grants[0].bodyId;
  memberBodyId = (await member.get("/api/auth/me")).json().grants[0].bodyId;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const auditCount = async (action: string, id: string) =>
  Number(
    (
      await database.query<{ n: string }>(
        "select count(*)::text as n from audit_event where action = $1 and entity_id = $2",
        [action, id],
      )
    )[0].n,
  );

const newObject = (extra: Record<string, unknown> = {}) => ({
  nameKk: "«Жұлдыз» концерт залы",
  nameRu: "Концертный зал «Жұлдыз»",
  territoryCode: ALMATY,
  address: "Алматы, Абай даңғ., 1",
  lat: 43.24,
  lon: 76.9,
  category: "mass_gathering",
  attendance: 1500,
  staff: 60,
  ...extra,
});

describe("the registry of objects and its scope", () => {
  it("refuses the public, and registers an object with a new owner organisation by BIN", async () => {
    expect((await anonymous.get("/api/objects")).statusCode).toBe(401);
    expect((await anonymous.get("/api/objects/map")).statusCode).toBe(401);

    const b = bin(71001);
    const res = await secretary.post(
      "/api/objects",
      newObject({ owner: { bin: b, nameKk: "«Жұлдыз» ЖШС", nameRu: "ТОО «Жұлдыз»" } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      category: "mass_gathering",
      passportState: "none",
      listed: false,
      basis: ["R10.5"],
    });
    // Without a passport nothing required is recorded: every required item is a gap.
    expect(o.gaps).toEqual(o.required);
    expect(o.police?.id).toBe(memberBodyId);
    const owner = await secretary.get(`/api/bodies/${o.owner.id}`);
    expect(owner.json()).toMatchObject({ kind: "organisation", bin: b });

    // Invalid BIN, unknown category: field errors, nothing written.
    const bad = await secretary.post(
      "/api/objects",
      newObject({ owner: { bin: "123", nameKk: "x", nameRu: "x" } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe("owner.bin");
    const cat = await secretary.post(
      "/api/objects",
      newObject({ owner: { bodyId: reporterBodyId }, category: "nope" }),
    );
    expect(cat.statusCode).toBe(400);
    expect(cat.json().fields[0]).toMatchObject({ path: "category", code: "not_in_catalogue" });
  });

  it("an owner sees only its own objects (another owner's answers 404); another region's commission gets 404", async () => {
    const mine = (await reporter.get("/api/objects?limit=200")).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i: { owner: { id: string } }) => i.owner.id === reporterBodyId)).toBe(true);

    const all = (await secretary.get(`/api/objects?territory=${ALMATY}&limit=200`)).json();
    const foreign = all.items.find((i: { owner: { id: string } }) => i.owner.id !== reporterBodyId);
    expect(foreign).toBeTruthy();
    expect((await reporter.get(`/api/objects/${foreign.id}`)).statusCode).toBe(404);
    expect((await reporter.get(`/api/objects/${foreign.id}/passport`)).statusCode).toBe(404);

    // Konaev's commission sees nothing of Almaty city.
    expect((await district.get(`/api/objects/${foreign.id}`)).statusCode).toBe(404);
    expect((await district.get(`/api/objects?territory=${ALMATY}`)).json().total).toBe(0);

    // Search finds by a misspelt word; the map shows only what the reader may see.
    const found = (await secretary.get(`/api/objects?q=${encodeURIComponent("стадон")}`)).json();
    expect(found.items.map((i: { nameRu: string }) => i.nameRu)).toContain("Центральный стадион");
    const map = (await reporter.get("/api/objects/map")).json();
    expect(map.clustered).toBe(false);
    expect(
      map.points.every((p: { id: string }) => mine.items.some((i: { id: string }) => i.id === p.id)),
    ).toBe(true);
    const clustered = (await secretary.get("/api/objects/map?maxPoints=1")).json();
    expect(clustered).toMatchObject({ clustered: true, points: [] });
    expect(clustered.clusters.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(
      clustered.total,
    );
  });
});

describe("the anti-terrorist protection passport", () => {
  it("owner drafts and submits, the police return with remarks then agree; contents only with the permission, every read audited", async () => {
    const created = await reporter.post("/api/objects", newObject({ owner: { bodyId: reporterBodyId } }));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(created.json().allowedActions).toEqual(
      expect.arrayContaining(["edit", "readPassport", "writePassport"]),
    );

    let p = (
      await reporter.put(`/api/objects/${id}/passport`, {
        sections: {
          general: { description: "Концерт залы, 1500 орын" },
          engineering: {
            video_surveillance: { present: true, count: 40 },
            alarm: { present: true, note: "102" },
          },
          contacts: [{ role: "Директор", name: "Саят Мұратов", phone: "+7 701 000 00 00" }],
        },
      })
    ).json();
    expect(p).toMatchObject({ number: 1, status: "draft", gaps: ["communications"] });
    expect((await reporter.get(`/api/objects/${id}`)).json()).toMatchObject({
      passportState: "draft",
      gaps: ["communications"],
    });

    // The police may not agree a draft; the owner submits.
    expect(
      (await member.post(`/api/objects/${id}/passport/actions`, { action: "agree", version: p.version }))
        .statusCode,
    ).toBe(409);
    p = (
      await reporter.post(`/api/objects/${id}/passport/actions`, { action: "submit", version: p.version })
    ).json();
    expect(p.status).toBe("submitted");
    expect(
      (await reporter.put(`/api/objects/${id}/passport`, { sections: {}, version: p.version })).statusCode,
    ).toBe(409);
    expect(
      (await reporter.post(`/api/objects/${id}/passport/actions`, { action: "agree", version: p.version }))
        .statusCode,
    ).toBe(403);

    // Returned needs remarks.
    const noRemarks = await member.post(`/api/objects/${id}/passport/actions`, {
      action: "return",
      version: p.version,
    });
    expect(noRemarks.json().fields[0]).toMatchObject({ path: "remarks", code: "reason_required" });
    p = (
      await member.post(`/api/objects/${id}/passport/actions`, {
        action: "return",
        remarks: "Байланыс құралдары көрсетілмеген",
        version: p.version,
      })
    ).json();
    expect(p).toMatchObject({ status: "returned", remarks: "Байланыс құралдары көрсетілмеген" });

    p = (
      await reporter.put(`/api/objects/${id}/passport`, {
        version: p.version,
        sections: {
          ...p.sections,
          engineering: { ...p.sections.engineering, communications: { present: true } },
        },
      })
    ).json();
    expect(p.gaps).toEqual([]);
    p = (
      await reporter.post(`/api/objects/${id}/passport/actions`, { action: "submit", version: p.version })
    ).json();
    p = (
      await member.post(`/api/objects/${id}/passport/actions`, { action: "agree", version: p.version })
    ).json();
    expect(p.status).toBe("agreed");
    expect(p.validUntil > almatyDate(new Date())).toBe(true);
    // The history names each step's person with their body: the owner drafted, the police agreed.
    expect(p.history.at(-1).action).toBe("agree");
    await expectPersonIs(database, p.history.at(-1).actor, "member");
    await expectPersonIs(database, p.history[0].actor, "reporter");
    expect((await secretary.get(`/api/objects/${id}`)).json()).toMatchObject({
      passportState: "valid",
      gaps: [],
    });

    // The signed scan: a PDF by its bytes; a text file named .pdf is refused.
    const fake = await reporter.post(`/api/objects/${id}/passport/scan`, {
      filename: "passport.pdf",
      contentBase64: Buffer.from("not a pdf at all").toString("base64"),
      version: p.version,
    });
    expect(fake.json().fields[0]).toMatchObject({ code: "scan_type" });
    const pdf = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(200, 32)]);
    p = (
      await reporter.post(`/api/objects/${id}/passport/scan`, {
        filename: "passport.pdf",
        contentBase64: pdf.toString("base64"),
        version: p.version,
      })
    ).json();
    expect(p.scan).toMatchObject({ mime: "application/pdf", size: pdf.length });

    // The commission sees the object and the passport's status, never its contents.
    expect((await secretary.get(`/api/objects/${id}`)).json().passport.status).toBe("agreed");
    expect((await secretary.get(`/api/objects/${id}/passport`)).statusCode).toBe(403);
    expect((await secretary.get(`/api/objects/${id}/passports/1/scan`)).statusCode).toBe(403);
    // The HQ of the territory reads it; each read is audited.
    const before = await auditCount("object.passport_read", p.id);
    expect((await hq.get(`/api/objects/${id}/passport`)).statusCode).toBe(200);
    const scan = await hq.get(`/api/objects/${id}/passports/1/scan`);
    expect(scan.headers["content-type"]).toBe("application/pdf");
    expect(await auditCount("object.passport_read", p.id)).toBe(before + 2);

    // A change of category makes the agreed passport due again.
    const o = (await secretary.get(`/api/objects/${id}`)).json();
    const moved = await secretary.patch(`/api/objects/${id}`, { category: "strategic", version: o.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().passportState).toBe("expired");
    expect(moved.json().gaps.length).toBeGreaterThan(0);
  });
});

async function workbook(rows: Record<string, unknown>[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Объекты");
  const cols = [
    "nameKk",
    "nameRu",
    "ownerBin",
    "ownerNameKk",
    "ownerNameRu",
    "territoryCode",
    "category",
    "lat",
    "lon",
  ];
  ws.addRow([
    "Атауы (қаз.)",
    "Наименование (рус.)",
    "БИН владельца",
    "ownerNameKk",
    "ownerNameRu",
    "Код КАТО",
    "Категория",
    "lat",
    "lon",
  ]);
  for (const r of rows) ws.addRow(cols.map((c) => r[c] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer()).toString("base64");
}

describe("XLSX import and export", () => {
  it("imports good rows, reports bad ones by row and column, and leaves nothing of them", async () => {
    const goodBin = bin(72001);
    const lostBin = bin(73001);
    const content = await workbook([
      {
        nameKk: "Саябақ",
        nameRu: "Парк",
        ownerBin: goodBin,
        ownerNameKk: "«Саябақ» ЖШС",
        ownerNameRu: "ТОО «Парк»",
        territoryCode: ALMATY,
        category: "Объекты массового скопления людей",
        lat: 43.2,
        lon: 76.9,
      },
      {
        nameKk: "Қате БСН",
        nameRu: "Ошибка БИН",
        ownerBin: "123456789012",
        territoryCode: ALMATY,
        category: "other",
      },
      {
        nameKk: "Қате санат",
        nameRu: "Ошибка категории",
        ownerBin: lostBin,
        ownerNameKk: "Жоқ",
        ownerNameRu: "Нет",
        territoryCode: ALMATY,
        category: "Космодром",
      },
      {
        nameKk: "Басқа аумақ",
        nameRu: "Другая территория",
        ownerBin: lostBin,
        ownerNameKk: "Жоқ",
        ownerNameRu: "Нет",
        territoryCode: "710000000",
        category: "other",
      },
    ]);
    const dry = await secretary.post("/api/objects/import?dryRun=true", {
      territoryCode: ALMATY,
      contentBase64: content,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, total: 4, imported: 1 });
    expect((await secretary.get(`/api/objects?q=${encodeURIComponent("Саябақ")}`)).json().total).toBe(0);

    const res = await secretary.post("/api/objects/import?dryRun=false", {
      territoryCode: ALMATY,
      contentBase64: content,
    });
    const report = res.json();
    expect(report).toMatchObject({ dryRun: false, total: 4, imported: 1 });
    expect(report.rejected.map((r: { row: number; field: string }) => [r.row, r.field])).toEqual([
      [3, "ownerBin"],
      [4, "category"],
      [5, "territoryCode"],
    ]);
    expect(report.rejected.every((r: { message: string }) => r.message.length > 0)).toBe(true);
    expect((await secretary.get(`/api/objects?q=${encodeURIComponent("Саябақ")}`)).json().total).toBe(1);
    // The rejected rows' new organisation was not left behind.
    const lost = await database.query<{ n: string }>("select count(*)::text as n from body where bin = $1", [
      lostBin,
    ]);
    expect(lost[0].n).toBe("0");

    // Only the territory's secretariat imports.
    expect(
      (await reporter.post("/api/objects/import", { territoryCode: ALMATY, contentBase64: content }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await secretary.post("/api/objects/import", { territoryCode: ALMATY, contentBase64: "aGVsbG8=" })
      ).json().code,
    ).toBe("import_not_xlsx");

    const xlsx = await secretary.get(`/api/objects/export.xlsx?territory=${ALMATY}&lang=ru`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe("Наименование (каз.)");
    expect(sheet.rowCount).toBeGreaterThan(3);
  });
});

describe("the territorial list, inspections and orders, programmes, compliance", () => {
  it("approves the list by a signed protocol decision of the commission, versioned with grounds", async () => {
    const all = (await secretary.get(`/api/objects?territory=${ALMATY}&limit=200`)).json();
    const unlisted = all.items.find((i: { listed: boolean }) => !i.listed);
    const listed = all.items.find((i: { listed: boolean }) => i.listed);
    const commissionId = (await secretary.get("/api/auth/me")).json().grants[0].bodyId;
    let m = (
      await secretary.post("/api/meetings", {
        bodyId: commissionId,
        heldAt: "2026-03-12T10:00:00+05:00",
        place: "Алматы қаласы әкімдігі",
        chairName: "Тестов Т.Т.",
        agenda: [{ title: "Осал объектілер тізімі туралы", speakers: [] }],
      })
    ).json();
    m = (await secretary.post(`/api/meetings/${m.id}/decisions`, { text: "Тізімді бекіту" })).json();
    const decisionId = m.decisions[0].id;
    const body = {
      territoryCode: ALMATY,
      decisionId,
      add: [unlisted.id],
      remove: [{ objectId: listed.id, grounds: "Объект жабылды" }],
      grounds: "Жыл сайынғы қайта қарау",
    };
    // An unsigned protocol's decision does not approve anything.
    expect((await secretary.post("/api/object-lists", body)).json().fields[0]).toMatchObject({
      path: "decisionId",
    });
    m = (await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).json();
    const v = await secretary.post("/api/object-lists", body);
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ added: 1, removed: 1 });
    expect((await secretary.get(`/api/objects/${unlisted.id}`)).json()).toMatchObject({ listed: true });
    const removed = (await secretary.get(`/api/objects/${listed.id}`)).json();
    expect(removed.listed).toBe(false);
    expect(removed.listHistory.at(-1)).toMatchObject({ change: "removed", grounds: "Объект жабылды" });
    expect((await district.post("/api/object-lists", body)).statusCode).toBe(403);
    expect((await secretary.get(`/api/object-lists?territory=${ALMATY}`)).json().items.length).toBe(1);
  });

  it("an inspection's finding is an order to the owner under control: overdue, then escalated by the control job", async () => {
    const mine = (await reporter.get("/api/objects")).json().items[0];
    const today = almatyDate(new Date());
    expect(
      (
        await reporter.post(`/api/objects/${mine.id}/inspections`, {
          kind: "planned",
          inspectorKind: "police",
          date: today,
        })
      ).statusCode,
    ).toBe(403);
    const bad = await member.post(`/api/objects/${mine.id}/inspections`, {
      kind: "unplanned",
      inspectorKind: "police",
      date: addDays(today, -10),
      findings: [{ text: "Периметр жарықтандырылмаған", deadline: addDays(today, -11) }],
    });
    expect(bad.json().fields[0]).toMatchObject({ path: "findings.0.deadline", code: "deadline_not_later" });
    const res = await member.post(`/api/objects/${mine.id}/inspections`, {
      kind: "unplanned",
      inspectorKind: "police",
      date: addDays(today, -10),
      summary: "Жоспардан тыс тексеру",
      findings: [{ text: "Периметр жарықтандырылмаған", deadline: addDays(today, -5) }],
    });
    expect(res.statusCode, res.body).toBe(201);
    const order = res.json().findings[0];
    expect(order).toMatchObject({ status: "assigned", overdue: true });

    // The owner sees the order among its assignments; the source says where it came from.
    const a = (await reporter.get(`/api/assignments/${order.assignmentId}`)).json();
    expect(a).toMatchObject({
      source: "inspection",
      executor: { id: reporterBodyId },
      controller: { id: memberBodyId },
    });

    await runControl(database, undefined, new Date());
    const after = (await secretary.get(`/api/assignments/${order.assignmentId}`)).json();
    expect(after.escalatedTo).not.toBeNull();
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(["assign", "overdue", "escalate"]);
    const listed = (await reporter.get(`/api/objects/${mine.id}/inspections`)).json().items[0];
    expect(listed.findings[0]).toMatchObject({ assignmentId: order.assignmentId, overdue: true });
    expect((await district.get(`/api/objects/${mine.id}/inspections`)).statusCode).toBe(404);
  });

  it("a programme equips objects; compliance rolls up with drill-down and XLSX; another region sees none of it", async () => {
    const obj = (await secretary.get(`/api/objects?territory=${ALMATY}`)).json().items[0];
    const p = await secretary.post("/api/object-programmes", {
      territoryCode: ALMATY,
      year: 2026,
      title: "Жарақтандыру",
      budget: 10_000_000,
    });
    expect(p.statusCode, p.body).toBe(201);
    let prog = (
      await secretary.post(`/api/object-programmes/${p.json().id}/items`, {
        objectId: obj.id,
        equipment: "lighting",
        planned: 4_000_000,
      })
    ).json();
    prog = (
      await secretary.patch(`/api/object-programmes/${prog.id}/items/${prog.items[0].id}`, {
        spent: 3_900_000,
        done: true,
      })
    ).json();
    expect(prog).toMatchObject({ planned: 4_000_000, spent: 3_900_000 });
    expect((await district.get(`/api/object-programmes/${prog.id}`)).statusCode).toBe(404);
    expect(
      (
        await reporter.post("/api/object-programmes", {
          territoryCode: ALMATY,
          year: 2026,
          title: "x",
          budget: 1,
        })
      ).statusCode,
    ).toBe(403);

    const c = (await secretary.get(`/api/objects/compliance?territory=${ALMATY}`)).json();
    expect(c.total.objects).toBeGreaterThan(5);
    expect(c.total.validPassports).toBeGreaterThan(0);
    expect(c.total.validShare).toBeCloseTo(c.total.validPassports / c.total.objects);
    expect(c.total.overdueOrders).toBeGreaterThanOrEqual(1);
    expect(c.total.itemsDone).toBeGreaterThanOrEqual(1);
    const national = (await (await signIn(app, "atc")).get("/api/objects/compliance")).json();
    expect(national.territory.code).toBe("KZ");
    expect(
      national.rows.find((r: { territory: { code: string } }) => r.territory.code === ALMATY)?.objects,
    ).toBe(c.total.objects);
    expect((await district.get(`/api/objects/compliance?territory=${ALMATY}`)).statusCode).toBe(404);
    const x = await secretary.get(`/api/objects/compliance.xlsx?territory=${ALMATY}`);
    expect(x.headers["content-type"]).toContain("spreadsheetml");
  });
});

describe("the web forms' API: editing, the list's commission, passport sections and versions", () => {
  it("edits an object with its version; filters by listed; tells who approves the list and who may create programmes", async () => {
    const o = (
      await secretary.post(
        "/api/objects",
        newObject({ owner: { bodyId: reporterBodyId }, nameRu: "Кинотеатр «Тест-форма»" }),
      )
    ).json();
    const edited = await secretary.patch(`/api/objects/${o.id}`, {
      version: o.version,
      address: "Алматы, Абай даңғ., 2",
      responsiblePhone: "+7 727 300 40 40",
      staff: 61,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      address: "Алматы, Абай даңғ., 2",
      staff: 61,
      version: o.version + 1,
    });
    // A stale version, a bad phone, another region's commission.
    expect((await secretary.patch(`/api/objects/${o.id}`, { version: o.version, staff: 1 })).statusCode).toBe(
      409,
    );
    const bad = await secretary.patch(`/api/objects/${o.id}`, {
      version: o.version + 1,
      responsiblePhone: "звоните",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].path).toBe("responsiblePhone");
    expect(
      (await district.patch(`/api/objects/${o.id}`, { version: o.version + 1, staff: 1 })).statusCode,
    ).toBe(404);
    expect((await anonymous.patch(`/api/objects/${o.id}`, { version: o.version + 1 })).statusCode).toBe(401);

    const listed = (await secretary.get(`/api/objects?territory=${ALMATY}&listed=true&limit=200`)).json();
    const unlisted = (await secretary.get(`/api/objects?territory=${ALMATY}&listed=false&limit=200`)).json();
    expect(listed.items.length).toBeGreaterThan(0);
    expect(listed.items.every((i: { listed: boolean }) => i.listed)).toBe(true);
    expect(unlisted.items.every((i: { listed: boolean }) => !i.listed)).toBe(true);
    expect(unlisted.items.map((i: { id: string }) => i.id)).toContain(o.id);

    const commissionId = (await secretary.get("/api/auth/me")).json().grants[0].bodyId;
    const lists = (await secretary.get(`/api/object-lists?territory=${ALMATY}`)).json();
    expect(lists).toMatchObject({ commission: { id: commissionId }, canApprove: true });
    expect((await member.get(`/api/object-lists?territory=${ALMATY}`)).json().canApprove).toBe(false);
    expect((await district.get(`/api/object-lists?territory=${ALMATY}`)).statusCode).toBe(404);
    expect((await secretary.get("/api/object-programmes")).json().canCreate).toBe(true);
    expect((await member.get("/api/object-programmes")).json().canCreate).toBe(false);
    expect((await reporter.get("/api/object-programmes")).json()).toEqual({ items: [], canCreate: false });
  });

  it("the owner edits critical zones and contacts; the versions list and an older version (its read audited)", async () => {
    const o = (
      await secretary.post(
        "/api/objects",
        newObject({ owner: { bodyId: reporterBodyId }, nameRu: "Бассейн «Тест-паспорт»" }),
      )
    ).json();
    const sections = {
      criticalZones: [{ name: "Щитовая", description: "Подвал" }],
      contacts: [{ role: "Директор", name: "Сапар Нұров (demo)", phone: "+7 727 300 50 50" }],
    };
    const badZone = await reporter.put(`/api/objects/${o.id}/passport`, {
      sections: { criticalZones: [{ name: "" }] },
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().fields[0].path).toBe("sections.criticalZones.0.name");
    let p = (await reporter.put(`/api/objects/${o.id}/passport`, { sections })).json();
    expect(p.sections.criticalZones).toEqual(sections.criticalZones);
    expect(p.sections.contacts).toEqual(sections.contacts);
    p = (
      await reporter.post(`/api/objects/${o.id}/passport/actions`, { action: "submit", version: p.version })
    ).json();
    p = (
      await member.post(`/api/objects/${o.id}/passport/actions`, { action: "agree", version: p.version })
    ).json();
    expect(p.status).toBe("agreed");
    // A revision: a second version; the first stays readable, read-only.
    const v2 = (
      await reporter.put(`/api/objects/${o.id}/passport`, {
        sections: { ...sections, criticalZones: [...sections.criticalZones, { name: "Серверная" }] },
      })
    ).json();
    expect(v2).toMatchObject({ number: 2, status: "draft" });
    const versions = (await reporter.get(`/api/objects/${o.id}/passports`)).json();
    expect(versions.items.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [2, "draft"],
      [1, "agreed"],
    ]);
    const before = await auditCount("object.passport_read", p.id);
    const v1 = (await reporter.get(`/api/objects/${o.id}/passports/1`)).json();
    expect(v1).toMatchObject({ number: 1, status: "agreed", allowedActions: [] });
    expect(v1.sections.criticalZones).toHaveLength(1);
    expect(await auditCount("object.passport_read", p.id)).toBe(before + 1);
    // Status without contents for a commission that may not read the passport; none for another region.
    expect((await secretary.get(`/api/objects/${o.id}/passports`)).statusCode).toBe(200);
    expect((await secretary.get(`/api/objects/${o.id}/passports/1`)).statusCode).toBe(403);
    expect((await district.get(`/api/objects/${o.id}/passports`)).statusCode).toBe(404);
  });
});

describe("drills at an object (R10.3)", () => {
  it("links an exercise of the territory, lists and unlinks it; refuses what the reader may not", async () => {
    const commissionId = (await secretary.get("/api/auth/me")).json().grants[0].bodyId;
    const ex = await secretary.post("/api/exercises", {
      bodyId: commissionId,
      kind: "drill",
      title: "Объектіде эвакуация жаттығуы (drill test)",
      place: "«Жұлдыз» концерт залы",
      setting: "work",
      date: "2026-05-20",
    });
    expect(ex.statusCode, ex.body).toBe(201);
    const exerciseId = ex.json().id;
    const o = (
      await secretary.post(
        "/api/objects",
        newObject({ owner: { bodyId: reporterBodyId }, nameRu: "Театр «Тест-учение»" }),
      )
    ).json();

    expect((await anonymous.get(`/api/objects/${o.id}/drills`)).statusCode).toBe(401);
    expect((await district.get(`/api/objects/${o.id}/drills`)).statusCode).toBe(404);
    expect((await district.post(`/api/objects/${o.id}/drills`, { exerciseId })).statusCode).toBe(404);
    const empty = (await secretary.get(`/api/objects/${o.id}/drills`)).json();
    expect(empty).toEqual({ items: [], canLink: true });
    const candidates = (
      await secretary.get(`/api/objects/${o.id}/drill-candidates?q=${encodeURIComponent("drill test")}`)
    ).json();
    expect(candidates.items.map((e: { id: string }) => e.id)).toEqual([exerciseId]);

    // The HQ officer reads the object but neither keeps nor inspects it; the owner may not read the
    // commission's exercise; an unknown exercise is a field error.
    expect((await hq.post(`/api/objects/${o.id}/drills`, { exerciseId })).statusCode).toBe(403);
    const owner = await reporter.post(`/api/objects/${o.id}/drills`, { exerciseId });
    expect(owner.json().fields[0]).toMatchObject({ path: "exerciseId", code: "unknown_exercise" });
    const unknown = await secretary.post(`/api/objects/${o.id}/drills`, {
      exerciseId: "00000000-0000-4000-8000-000000000000",
    });
    expect(unknown.json().fields[0]).toMatchObject({ path: "exerciseId", code: "unknown_exercise" });

    const linked = await secretary.post(`/api/objects/${o.id}/drills`, { exerciseId });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().items).toEqual([
      expect.objectContaining({ id: exerciseId, kind: "drill", date: "2026-05-20", status: "planned" }),
    ]);
    expect(await auditCount("object.drill_linked", o.id)).toBe(1);
    const again = await secretary.post(`/api/objects/${o.id}/drills`, { exerciseId });
    expect(again.json().fields[0]).toMatchObject({ path: "exerciseId", code: "already_linked" });
    expect((await secretary.get(`/api/objects/${o.id}/drill-candidates`)).json().items).not.toContainEqual(
      expect.objectContaining({ id: exerciseId }),
    );
    // The police unit (a commission member) sees it; the owner sees the object but not the exercise.
    expect((await member.get(`/api/objects/${o.id}/drills`)).json().items).toHaveLength(1);
    expect((await reporter.get(`/api/objects/${o.id}/drills`)).json().items).toEqual([]);

    const gone = await secretary.delete(`/api/objects/${o.id}/drills/${exerciseId}`);
    expect(gone.statusCode, gone.body).toBe(200);
    expect(gone.json().items).toEqual([]);
    expect((await secretary.delete(`/api/objects/${o.id}/drills/${exerciseId}`)).statusCode).toBe(404);
    expect(await auditCount("object.drill_unlinked", o.id)).toBe(1);
  });
});

describe("passport reminders", () => {
  it("tell the owner's accounts once per state — due, expired, category changed — in the app and by e-mail", async () => {
    await database.query("update app_user set email = $1 where username = 'reporter'", [
      "reporter@example.kz",
    ]);
    const mail = {
      smtpUrl: "smtp://localhost:2525",
      from: "Qorgan <q@example.kz>",
      publicUrl: "https://q.example.kz",
    };
    const o = (
      await secretary.post(
        "/api/objects",
        newObject({ owner: { bodyId: reporterBodyId }, nameRu: "Каток «Тест-напоминание»" }),
      )
    ).json();
    let p = (await reporter.put(`/api/objects/${o.id}/passport`, { sections: {} })).json();
    p = (
      await reporter.post(`/api/objects/${o.id}/passport/actions`, { action: "submit", version: p.version })
    ).json();
    p = (
      await member.post(`/api/objects/${o.id}/passport/actions`, { action: "agree", version: p.version })
    ).json();
    const validUntil: string = p.validUntil;
    const at = (day: string) => new Date(`${day}T06:00:00Z`);
    const noticesOf = async () =>
      (await reporter.get("/api/notifications"))
        .json()
        .items.filter((n: { entityId: string }) => n.entityId === o.id)
        .map((n: { kind: string }) => n.kind);
    const mailsOf = async () =>
      (
        await database.query<{ kind: string; to_address: string; text: string }>(
          "select kind, to_address, text from mail_outbox where entity_id = $1 order by id",
          [o.id],
        )
      ).map((m) => m.kind);

    // Valid: nothing to tell.
    await runPassportReminders(database, at(addDays(validUntil, -61)), mail);
    expect(await noticesOf()).toEqual([]);
    // 60 days before the term: due, once.
    await runPassportReminders(database, at(addDays(validUntil, -59)), mail);
    await runPassportReminders(database, at(addDays(validUntil, -30)), mail);
    expect(await noticesOf()).toEqual(["object_passport_due"]);
    expect(await mailsOf()).toEqual(["object_passport_due"]);
    const [m] = await database.query<{ to_address: string; text: string }>(
      "select to_address, text from mail_outbox where entity_id = $1",
      [o.id],
    );
    expect(m.to_address).toBe("reporter@example.kz");
    expect(m.text).toContain(`https://q.example.kz/objects/${o.id}`);
    // After the term: expired, once; without SMTP, in the app only.
    await runPassportReminders(database, at(addDays(validUntil, 1)));
    await runPassportReminders(database, at(addDays(validUntil, 2)));
    expect(await noticesOf()).toEqual(["object_passport_expired", "object_passport_due"]);
    expect(await mailsOf()).toEqual(["object_passport_due"]);
    expect(await auditCount("object.passport_reminded", o.id)).toBe(2);

    // A change of category makes it stale at once.
    const cur = (await secretary.get(`/api/objects/${o.id}`)).json();
    await secretary.patch(`/api/objects/${o.id}`, { version: cur.version, category: "guarded" });
    expect((await secretary.get(`/api/objects/${o.id}`)).json().passportState).toBe("expired");
    await runPassportReminders(database, new Date(), mail);
    await runPassportReminders(database, new Date(), mail);
    expect((await noticesOf())[0]).toBe("object_passport_category");
    expect(await noticesOf()).toHaveLength(3);
    expect(await mailsOf()).toEqual(["object_passport_due", "object_passport_category"]);
  });
});
