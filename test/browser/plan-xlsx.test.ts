/**
 * A plan's measures as XLSX in the browser: a secretary checks a small file (one good row,
 * one bad), sees the row-by-row report, confirms, and the measure appears; the export downloads.
 */
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { launchBrowser } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("importing a plan from XLSX", () => {
  it("shows a dry-run report, imports the good rows on confirm and exports the plan", async () => {
    const [{ id }] = await server.database.query<{ id: string }>(
      `select g.body_id as id from app_user u join role_grant g on g.user_id = u.id where u.username = 'secretary'`,
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("План");
    ws.addRow(["Категория", "Вид", "Наименование мероприятия", "ID ответственного органа", "Срок"]);
    ws.addRow(["Организационные меры", "Учения и тренировки", "Учения из файла", id, "30.06.2026"]);
    ws.addRow(["Нет такой категории", "Учения и тренировки", "Плохая строка", id, "30.06.2026"]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const page = await (await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.baseUrl);
    await page.getByTestId("lang-ru").click();
    await page.getByTestId("signin-username").fill("secretary");
    await page.getByTestId("signin-password").fill(DEMO_PASSWORD);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav-prevention").click();
    await page.getByTestId("plan-new").click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Проект");

    await page.getByTestId("plan-import-open").click();
    await page.getByTestId("plan-import-file").setInputFiles({
      name: "plan.xlsx",
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: file,
    });
    await expect.poll(() => page.getByTestId("plan-import-summary").textContent()).toContain("Отклонено: 1");
    const rejected = page.getByTestId("plan-import-rejected-row");
    expect(await rejected.count()).toBe(1);
    expect(await rejected.textContent()).toMatch(/^3Категория«Нет такой категории» нет в перечне/);
    expect(await page.getByTestId("measure-row").count()).toBe(0);

    await page.getByTestId("plan-import-confirm").click();
    await expect.poll(() => page.getByTestId("measure-row").count()).toBe(1);
    expect(await page.getByTestId("measure-row").textContent()).toContain("Учения из файла");
    expect(await page.getByTestId("plan-import-done").textContent()).toContain("1");

    const href = await page.getByTestId("plan-export-xlsx").getAttribute("href");
    const res = await page.request.get(`${server.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    const out = new ExcelJS.Workbook();
    await out.xlsx.load((await res.body()) as never);
    expect(out.worksheets[0].getRow(2).getCell(4).value).toBe("Учения из файла");
    await page.context().close();
  });
});
