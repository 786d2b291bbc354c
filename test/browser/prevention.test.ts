/** Prevention in the browser (issue #4, first part): a secretary drafts a plan, adds a measure, approves it. */
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

describe("a plan of measures", () => {
  it("is drafted, gets a measure from the catalogue and is approved by the chair's decision", async () => {
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
    await page.getByTestId("measure-add").click();
    await page.getByTestId("measure-category").selectOption("organisational");
    await page.getByTestId("measure-subtype").selectOption("exercises_and_drills");
    await page.getByTestId("measure-title").fill("Учения по эвакуации в торговых центрах");
    await page.getByTestId("measure-body-search").fill("полиции");
    await expect.poll(() => page.getByTestId("measure-body").locator("option").count()).toBeGreaterThan(1);
    const value = await page.getByTestId("measure-body").locator("option").nth(1).getAttribute("value");
    await page.getByTestId("measure-body").selectOption(value!);
    await page.getByTestId("measure-save").click();
    await expect.poll(() => page.getByTestId("measure-row").count()).toBe(1);
    expect(await page.getByTestId("measure-row").textContent()).toContain("R10.3");
    await page.getByTestId("plan-decision").fill("Протокол №1 от 15.01");
    await page.getByTestId("plan-approve").click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Утверждён");
    await page.context().close();
  });
});
