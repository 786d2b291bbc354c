/**
 * Vulnerable objects in the browser (R10.5): a commission's secretary imports a list from XLSX and sees
 * the row-by-row report; the police unit opens a submitted passport (the read is audited) and agrees it;
 * the police record an inspection whose order, once overdue, is escalated by the control job and shows
 * so on its assignment page; the secretary registers an object through the form (a new owner by BIN)
 * and edits it.
 */
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iinBinCheckDigit } from "../../src/domain/identifiers";
import { addDays, almatyDate } from "../../src/domain/prevention";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { launchBrowser, signInPage } from "../support/browser";
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

function bin(serial: number): string {
  for (let s = serial; ; s++) {
    const first11 = `230140${String(s).padStart(5, "0")}`;
    const c = iinBinCheckDigit(first11);
    if (c !== null) return `${first11}${c}`;
  }
}

async function listFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Объекты");
  ws.addRow(["Наименование (каз.)", "Наименование (рус.)", "БИН владельца", "Код КАТО", "Категория"]);
  ws.addRow([
    "«Арай» кинотеатры",
    "Кинотеатр «Арай»",
    bin(81001),
    "750000000",
    "Объекты массового скопления людей",
  ]);
  ws.addRow(["Қате жол", "Ошибочная строка", "12345", "750000000", "other"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("vulnerable objects", () => {
  it("the secretary imports a list and sees which row was rejected and why", async () => {
    const page = await signInPage(browser, server.baseUrl, "secretary");
    await page.getByTestId("nav-objects").click();
    await page.getByTestId("objects-import-open").click();
    await page.getByTestId("import-territory").fill("Алматы");
    await page
      .getByRole("option", { name: /Алматы.*\(750000000\)/ })
      .first()
      .click();
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "list.xlsx", mimeType: "application/octet-stream", buffer: await listFile() });
    await page.getByTestId("import-run").click();
    await page.getByTestId("import-report").waitFor();
    await expect.poll(() => page.getByTestId("import-report").textContent()).toContain("добавлено: 1");
    await expect.poll(() => page.getByTestId("import-rejected").count()).toBe(1);
    expect(await page.getByTestId("import-rejected").textContent()).toMatch(/^3\D/);
    await page.getByTestId("objects-search").fill("Арай");
    await expect.poll(() => page.getByTestId("object-row").count()).toBe(1);
  });

  it("the secretary registers an object with a new owner by BIN, then edits it", async () => {
    const page = await signInPage(browser, server.baseUrl, "secretary");
    await page.getByTestId("nav-objects").click();
    await page.getByTestId("object-new").click();
    const form = page.getByTestId("object-form");
    await form.getByTestId("object-name-kk").fill("«Шаңырақ» мәдениет үйі");
    await form.getByTestId("object-name-ru").fill("Дом культуры «Шаңырақ»");
    await form.getByTestId("object-owner-mode").locator("label").nth(1).click();
    await form.getByTestId("object-owner-bin").fill(bin(91001));
    await form.getByTestId("object-owner-name-kk").fill("«Шаңырақ» ЖШС");
    await form.getByTestId("object-owner-name-ru").fill("ТОО «Шаңырақ»");
    await form.getByTestId("object-territory").fill("Алматы");
    await page
      .getByRole("option", { name: /Алматы.*\(750000000\)/ })
      .first()
      .click();
    await form.getByTestId("object-category").click();
    await page.getByRole("option", { name: "Объекты массового скопления людей" }).click();
    await form.getByTestId("object-lat").fill("43.25");
    await form.getByTestId("object-lon").fill("76.95");
    await form.getByTestId("object-phone").fill("абв");
    await form.getByTestId("object-save").click();
    // The server's field error stands under the phone; corrected, the object is registered.
    await expect.poll(() => form.getByText(/Введите телефон/).count()).toBe(1);
    await form.getByTestId("object-phone").fill("+7 727 300 60 60");
    await form.getByTestId("object-save").click();
    await page.getByTestId("object-card").waitFor();
    await expect
      .poll(() => page.getByRole("heading", { level: 2 }).textContent())
      .toBe("Дом культуры «Шаңырақ»");
    expect(await page.getByTestId("object-card").textContent()).toContain("ТОО «Шаңырақ»");

    await page.getByTestId("object-edit").click();
    await page.getByTestId("object-address").fill("Алматы, Төле би к-сі, 5");
    await page.getByTestId("object-save").click();
    await expect.poll(() => page.getByTestId("object-form").count()).toBe(0);
    expect(await page.getByTestId("object-card").textContent()).toContain("Алматы, Төле би к-сі, 5");
  });

  it("the police unit agrees a submitted passport", async () => {
    const page = await signInPage(browser, server.baseUrl, "member");
    await page.getByTestId("nav-objects").click();
    await page.getByTestId("objects-search").fill("стадион");
    await page.getByTestId("object-row").first().getByRole("link").click();
    await page.getByTestId("object-card").waitFor();
    await page.getByTestId("passport-open").click();
    await expect.poll(() => page.getByTestId("passport").getAttribute("data-status")).toBe("submitted");
    await page.getByTestId("passport-agree").click();
    await expect.poll(() => page.getByTestId("passport").getAttribute("data-status")).toBe("agreed");
    await expect
      .poll(() => page.getByTestId("passport-state").first().getAttribute("data-state"))
      .toBe("valid");
  });

  it("an inspection's order becomes overdue and is escalated by the control job", async () => {
    const page = await signInPage(browser, server.baseUrl, "member");
    await page.getByTestId("nav-objects").click();
    await page.getByTestId("objects-search").fill("ТЭЦ");
    await page.getByTestId("object-row").first().getByRole("link").click();
    await page.getByTestId("inspection-new").click();
    const today = almatyDate(new Date());
    await page.locator('input[type="date"]').first().fill(addDays(today, -10));
    await page.getByTestId("finding-add").click();
    await page.getByTestId("finding-text").fill("Периметр не освещён");
    await page.getByTestId("finding-deadline").fill(addDays(today, -6));
    await page.getByTestId("inspection-save").click();
    const order = page.locator('[data-testid="inspection-order"][data-overdue="true"]');
    await order.first().waitFor();

    await runControl(server.database, undefined, new Date());
    await order.first().getByRole("link").click();
    await expect.poll(() => page.getByTestId("escalated-to").isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("assignment-source").isVisible()).toBe(true);
  });

  it("the card's values line up in one column, and a long programme title does not widen the page", async () => {
    const page = await signInPage(browser, server.baseUrl, "secretary");
    await page.getByTestId("nav-objects").click();
    await page.getByTestId("objects-search").fill("Достық");
    await page.getByTestId("object-row").first().getByRole("link").click();
    await page.getByTestId("object-card").waitFor();
    // Each field is a label and a value; the values of a column start at one x (no label squeezed).
    const starts = await page
      .getByTestId("object-field")
      .evaluateAll((rows) => rows.map((r) => Math.round(r.children[1].getBoundingClientRect().left)));
    expect(starts.length).toBeGreaterThan(5);
    expect(new Set(starts).size, String(starts)).toBeLessThanOrEqual(2);
    // The demo data's free text is in the page's languages, not a code.
    expect(await page.getByTestId("object-card").textContent()).not.toMatch(/\bretail\b/);

    await page.goto(`${server.baseUrl}/objects?tab=programmes`);
    await expect.poll(() => page.getByTestId("programme-row").count()).toBeGreaterThan(0);
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it("an owner's account is offered no territory list or compliance (they would answer 404)", async () => {
    const page = await signInPage(browser, server.baseUrl, "reporter");
    await page.getByTestId("nav-objects").click();
    await expect.poll(() => page.getByTestId("object-row").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("objects-tab-lists").count()).toBe(0);
    expect(await page.getByTestId("objects-tab-compliance").count()).toBe(0);
    expect(await page.getByTestId("objects-tab-programmes").count()).toBe(1);
    // A link to the compliance tab falls back to the list rather than a "not found".
    await page.goto(`${server.baseUrl}/objects?tab=compliance`);
    await expect.poll(() => page.getByTestId("object-row").count()).toBeGreaterThan(0);
    expect(await page.getByText("Не найдено").count()).toBe(0);
  });
});
