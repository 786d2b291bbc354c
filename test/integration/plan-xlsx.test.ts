/** A plan's measures as XLSX: export, import with a row-by-row report, on PGlite and PostgreSQL. */
import ExcelJS from "exceljs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import type { Database } from "../../src/server/platform/db";
import { t } from "../../src/server/platform/i18n";
import { openTestDatabase } from "../support/db";
import { ALMATY, ASTANA, findBodyId } from "../support/fixtures";
import { type Client, client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let secretary: Client;
let member: Client;
let admin: Client;
let outsider: Client;
let commissionId: string;
let policeId: string;
let policeNameRu: string;
let akimatId: string;
let partnerId: string;
let partnerNameKk: string;
let astanaBodyId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  [secretary, member, admin] = await Promise.all(["secretary", "member", "admin"].map((u) => signIn(app, u)));
  const astanaCommission = await findBodyId(admin, `kind=commission&territory=${ASTANA}`);
  await createUser(database, systemContext("test"), {
    username: "astana-secretary-x",
    displayName: "Test secretary",
    password: "a-long-test-password",
    grants: [{ role: "commission_secretary", bodyId: astanaCommission, territoryCode: ASTANA }],
  });
  outsider = await signIn(app, "astana-secretary-x", "a-long-test-password");
  commissionId = await findBodyId(secretary, `kind=commission&territory=${ALMATY}`);
  policeId = await findBodyId(
    secretary,
    `kind=state_body&territory=${ALMATY}&q=${encodeURIComponent("полиция")}`,
  );
  policeNameRu = (await secretary.get(`/api/bodies/${policeId}`)).json().names.ru;
  akimatId = await findBodyId(secretary, `kind=akimat&territory=${ALMATY}`);
  partnerId = await findBodyId(secretary, `kind=partner&territory=${ALMATY}`);
  partnerNameKk = (await secretary.get(`/api/bodies/${partnerId}`)).json().names.kk;
  astanaBodyId = await findBodyId(admin, `kind=state_body&territory=${ASTANA}`);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const newPlan = async (year: number) => {
  const res = await secretary.post("/api/plans", { bodyId: commissionId, year });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const upload = (buf: Buffer | Uint8Array) => ({
  filename: "plan.xlsx",
  contentBase64: Buffer.from(buf).toString("base64"),
});
const importFile = (c: Client, planId: string, buf: Buffer | Uint8Array, query = "", lang = "kk") =>
  c.post(`/api/plans/${planId}/import${query}`, upload(buf), { "accept-language": lang });
const measuresOf = async (planId: string) => (await secretary.get(`/api/plans/${planId}`)).json().measures;
const comparable = (ms: Record<string, unknown>[]) =>
  ms.map(({ id: _i, version: _v, ...m }) => ({
    ...m,
    responsibleBody: (m.responsibleBody as { id: string }).id,
  }));
const auditCount = async (planId: string) =>
  (await admin.get(`/api/audit?entityId=${planId}&action=plan.measure_added&limit=500`)).json()
    .total as number;
const rowCount = async () =>
  Number((await database.query<{ n: string }>("select count(*) as n from plan_measure"))[0].n);

/** The template's header row in the given language, and any rows of cells below it. */
async function sheet(rows: Record<string, unknown>[], lang = "kk") {
  const tpl = await secretary.get(`/api/plans/import-template.xlsx?lang=${lang}`);
  expect(tpl.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.rawPayload as never);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as string[]).slice(1);
  const out = new ExcelJS.Workbook();
  const s = out.addWorksheet("Plan");
  s.addRow(headers);
  // Template columns in order: the keys of the layout (see docs/plan-xlsx.md).
  const keys = [
    "number",
    "category",
    "subtype",
    "title",
    "responsibleBody",
    "responsibleBodyId",
    "coExecutors",
    "coExecutorIds",
    "partners",
    "partnerIds",
    "deadline",
    "periodicity",
    "events_held",
    "people_reached",
    "publications_broadcasts",
    "objects_covered",
    "goals",
    "status",
  ];
  expect(headers.length).toBe(keys.length);
  for (const r of rows) s.addRow(keys.map((k) => r[k] ?? null));
  return Buffer.from(await out.xlsx.writeBuffer());
}

describe("export and re-import", () => {
  it("round-trips a plan's measures into another plan, with audit entries as addMeasure writes", async () => {
    const source = await newPlan(2040);
    const add = async (m: Record<string, unknown>) =>
      expect((await secretary.post(`/api/plans/${source}/measures`, m)).statusCode).toBe(200);
    await add({
      category: "organisational",
      subtype: "exercises_and_drills",
      title: "Сауда орталықтарында эвакуация жаттығулары",
      responsibleBodyId: policeId,
      coExecutorIds: [akimatId],
      deadline: "2040-06-30",
      periodicity: "quarterly",
      indicators: { events_held: 4, people_reached: 2000 },
    });
    await add({
      category: "propaganda",
      subtype: "social_advertising",
      title: "Әлеуметтік бейнероликтер; екінші жол\nбар",
      responsibleBodyId: akimatId,
      partnerIds: [partnerId],
      goals: ["anti_terrorist_consciousness", "explain_danger"],
      indicators: { publications_broadcasts: 12 },
      periodicity: "monthly",
    });
    await add({ category: "legal", subtype: "migration", title: "Көші-қон", responsibleBodyId: policeId });

    const res = await secretary.get(`/api/plans/${source}/export.xlsx?lang=ru`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["content-disposition"]).toContain("plan-2040-ru.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe("Категория");
    expect(ws.getRow(1).getCell(4).value).toBe("Наименование мероприятия");
    expect(ws.actualRowCount).toBe(4);
    expect(ws.getRow(2).getCell(2).value).toBe("Организационные меры (R10)");
    expect(ws.getRow(2).getCell(3).value).toBe("Учения и тренировки (R10.3)");
    expect(ws.getRow(2).getCell(6).value).toBe(policeId);
    expect(ws.getRow(2).getCell(11).value).toEqual(new Date("2040-06-30T00:00:00Z"));
    expect(ws.getRow(3).getCell(10).value).toBe(partnerId);

    // Re-imported under another language: headers and labels are recognised in any of the three.
    const target = await newPlan(2041);
    const before = await auditCount(target);
    const imported = await importFile(secretary, target, res.rawPayload, "", "en");
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ dryRun: false, total: 3, imported: 3, rejected: [] });
    expect(comparable(await measuresOf(target))).toEqual(comparable(await measuresOf(source)));

    const audit = (
      await admin.get(`/api/audit?entityId=${target}&action=plan.measure_added&limit=500`)
    ).json();
    expect(audit.total - before).toBe(3);
    const ids = (await measuresOf(target)).map((m: { id: string }) => m.id).sort();
    expect(audit.items.map((e: { after: { measureId: string } }) => e.after.measureId).sort()).toEqual(ids);
    expect(audit.items[0].after).toMatchObject({ amendment: false });
    expect(audit.items[0].actorName).toBe("secretary");

    // The same file again: every row is already in the plan — reported, nothing added twice.
    const again = await importFile(secretary, target, res.rawPayload, "", "ru");
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ total: 3, imported: 0 });
    expect(again.json().rejected.map((r: { row: number; code: string }) => [r.row, r.code])).toEqual([
      [2, "duplicate_measure"],
      [3, "duplicate_measure"],
      [4, "duplicate_measure"],
    ]);
    expect(again.json().rejected[0].message).toContain("уже есть в этом плане");
    expect((await measuresOf(target)).length).toBe(3);
  });
});

describe("a file with bad rows", () => {
  it("reports each row and column, localised, and imports only the good rows; dryRun writes nothing", async () => {
    const planId = await newPlan(2042);
    const good = {
      category: "organisational",
      subtype: "exercises_and_drills",
      title: "Жақсы жол",
      responsibleBodyId: policeId,
      deadline: new Date("2042-05-01T00:00:00Z"),
    };
    const file = await sheet(
      [
        good,
        { ...good, category: "nonsense" },
        { ...good, title: null },
        { ...good, responsibleBodyId: astanaBodyId },
        { ...good, deadline: "31.02.2042" },
        // By names in Russian and Kazakh, text dates, several goals.
        {
          category: "Пропагандистские меры",
          subtype: "Социальная реклама (R12.2)",
          title: "По названиям",
          responsibleBody: policeNameRu,
          partners: partnerNameKk,
          deadline: "15.03.2042",
          periodicity: "Ежемесячно",
          goals: "Формирование антитеррористического сознания\nexplain_danger",
          events_held: "3",
        },
        { ...good, events_held: "abc", people_reached: 1.5 },
        {},
        {
          ...good,
          responsibleBody: "No such body anywhere",
          responsibleBodyId: null,
          deadline: "2042/05/01",
        },
      ],
      "ru",
    );
    const expected = [
      { row: 3, field: "category", code: "not_in_catalogue" },
      { row: 4, field: "title", code: "required" },
      { row: 5, field: "responsibleBody", code: "unknown_body" },
      { row: 6, field: "deadline", code: "date_format" },
      { row: 8, field: "events_held", code: "whole_number" },
      { row: 8, field: "people_reached", code: "whole_number" },
      { row: 10, field: "responsibleBody", code: "unknown_body" },
      { row: 10, field: "deadline", code: "date_format" },
    ];

    const rows = await rowCount();
    const audits = await auditCount(planId);
    const dry = await importFile(secretary, planId, file, "?dryRun=true", "ru");
    expect(dry.statusCode, dry.body).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ dryRun: true, total: 8, imported: 2 });
    expect(
      report.rejected.map(({ row, field, code }: Record<string, unknown>) => ({ row, field, code })),
    ).toEqual(expected);
    expect(report.rejected[0].message).toBe(t("ru", "validation.not_in_catalogue", { value: "nonsense" }));
    expect(report.rejected[1].message).toBe(t("ru", "validation.required"));
    expect(report.rejected[2].message).toContain(astanaBodyId);
    expect(await rowCount()).toBe(rows);
    expect(await auditCount(planId)).toBe(audits);
    expect((await secretary.get(`/api/plans/${planId}`)).json().version).toBe(1);

    const done = await importFile(secretary, planId, file, "?dryRun=false", "kk");
    expect(done.json()).toMatchObject({ dryRun: false, total: 8, imported: 2 });
    expect(done.json().rejected[1].message).toBe(t("kk", "validation.required"));
    const ms = await measuresOf(planId);
    expect(ms).toHaveLength(2);
    expect(ms[0]).toMatchObject({
      title: "Жақсы жол",
      deadline: "2042-05-01",
      responsibleBody: { id: policeId },
    });
    expect(ms[1]).toMatchObject({
      category: "propaganda",
      subtype: "social_advertising",
      responsibleBody: { id: policeId },
      partnerIds: [partnerId],
      deadline: "2042-03-15",
      periodicity: "monthly",
      goals: ["anti_terrorist_consciousness", "explain_danger"],
      indicators: { events_held: 3 },
    });
    expect(await auditCount(planId)).toBe(audits + 2);
  });

  it("refuses a file that is not XLSX, is too big or has wrong headers, changing nothing", async () => {
    const planId = await newPlan(2043);
    const rows = await rowCount();
    const notXlsx = await importFile(secretary, planId, Buffer.from("name;title\nx;y\n"), "", "ru");
    expect(notXlsx.statusCode).toBe(400);
    expect(notXlsx.json()).toMatchObject({
      code: "import_not_xlsx",
      message: t("ru", "errors.import_not_xlsx"),
    });

    const zipNotXlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(40)]);
    expect((await importFile(secretary, planId, zipNotXlsx)).json().code).toBe("import_not_xlsx");

    const big = await importFile(secretary, planId, Buffer.alloc(2 * 1024 * 1024 + 10, 1));
    expect(big.statusCode).toBe(400);
    expect(big.json().code).toBe("import_too_big");

    const wb = new ExcelJS.Workbook();
    // Column keys are accepted as headers too ("subtype"); "What" is not a column.
    wb.addWorksheet("x").addRow(["Category", "Subtype", "What", "Who"]);
    wb.worksheets[0].addRow(["legal", "migration", "x", policeId]);
    const wrong = await importFile(secretary, planId, Buffer.from(await wb.xlsx.writeBuffer()), "", "en");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("import_headers");
    expect(wrong.json().message).toContain("What");

    const missing = new ExcelJS.Workbook();
    missing.addWorksheet("x").addRow(["Категория", "Наименование мероприятия"]);
    const m = await importFile(secretary, planId, Buffer.from(await missing.xlsx.writeBuffer()), "", "ru");
    expect(m.json()).toMatchObject({ code: "import_headers" });
    expect(m.json().message).toContain("Вид");

    const tooMany = await sheet(
      Array.from({ length: 2001 }, () => ({ category: "legal", subtype: "migration", title: "x" })),
    );
    expect((await importFile(secretary, planId, tooMany)).json().code).toBe("import_too_many_rows");

    expect((await secretary.post(`/api/plans/${planId}/import`, { contentBase64: "" })).statusCode).toBe(400);
    expect(await rowCount()).toBe(rows);
  });
});

describe("who may", () => {
  it("export: the plan's readers; import: its managers; another territory gets 404 on both", async () => {
    const planId = await newPlan(2044);
    const file = await sheet([
      { category: "other", subtype: "other", title: "x", responsibleBodyId: policeId },
    ]);
    expect((await outsider.get(`/api/plans/${planId}/export.xlsx`)).statusCode).toBe(404);
    expect((await importFile(outsider, planId, file)).statusCode).toBe(404);
    expect((await importFile(outsider, planId, file, "?dryRun=true")).statusCode).toBe(404);
    expect((await member.get(`/api/plans/${planId}/export.xlsx`)).statusCode).toBe(200);
    expect((await importFile(member, planId, file)).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url: `/api/plans/${planId}/export.xlsx` })).statusCode).toBe(
      401,
    );
    const anonymous = client(app);
    expect((await importFile(anonymous, planId, file)).statusCode).toBe(401);
    expect((await anonymous.get("/api/plans/import-template.xlsx")).statusCode).toBe(401);
    expect((await measuresOf(planId)).length).toBe(0);
    expect((await importFile(secretary, planId, file)).json().imported).toBe(1);
  });

  it("imports into an approved plan as an amendment, as addMeasure does", async () => {
    const planId = await newPlan(2045);
    const file = await sheet([
      { category: "other", subtype: "other", title: "first", responsibleBodyId: policeId },
    ]);
    expect((await importFile(secretary, planId, file)).json().imported).toBe(1);
    const p = (await secretary.get(`/api/plans/${planId}`)).json();
    expect(
      (await secretary.post(`/api/plans/${planId}/approve`, { version: p.version, decisionRef: "№1" }))
        .statusCode,
    ).toBe(200);
    const second = await sheet([
      { category: "other", subtype: "other", title: "second", responsibleBodyId: policeId },
    ]);
    expect((await importFile(secretary, planId, second)).json().imported).toBe(1);
    const audit = (await admin.get(`/api/audit?entityId=${planId}&action=plan.measure_added`)).json();
    expect(audit.items.map((e: { after: { amendment: boolean } }) => e.after.amendment).sort()).toEqual([
      false,
      true,
    ]);
  });
});
