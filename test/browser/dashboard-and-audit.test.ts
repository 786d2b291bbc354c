/**
 * What a person sees on two busy pages. The national prevention dashboard (ATC, every commission
 * seeded at a small national scale): the commissions page twenty at a time, the page stays short, a
 * period with nothing shows a "no data" note instead of empty tables. The audit log: the person and
 * their body instead of a login or an id, and the record's link opens its page.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { seedNational } from "../../src/server/modules/prevention/national.seed";
import { DEMO_ACCOUNTS } from "../../src/server/seed/demo-accounts";
import { launchBrowser, signInPage } from "../support/browser";
import { ALMATY, findBodyId } from "../support/fixtures";
import { signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
const year = new Date().getFullYear();

beforeAll(async () => {
  server = await startTestServer();
  await seedNational(server.database, {
    years: 1,
    measuresPerPlan: 4,
    assignmentsPerCommission: 2,
    lastYear: year,
  });
  browser = await launchBrowser();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the national dashboard", () => {
  it("pages the commissions and stays under 4,000 px; an empty period says so", async () => {
    const page = await signInPage(browser, server.baseUrl, "atc");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.baseUrl}/prevention/dashboard?year=${year}&quarter=1&territory=KZ`);
    await expect.poll(() => page.getByTestId("commission-row").count(), { timeout: 30_000 }).toBe(20);
    await expect.poll(() => page.getByTestId("commissions-pages").count()).toBe(1);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.info(`national dashboard: ${height} px high at 1280 px wide`);
    expect(height).toBeLessThan(4000);
    // Nothing runs off the side of a 1280 px page (the regions' table beside the map once did).
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(1280);
    // The second page shows other commissions.
    const first = await page.getByTestId("commission-row").first().textContent();
    await page
      .getByTestId("commissions-pages")
      .getByRole("button", { name: "Страница 2", exact: true })
      .click();
    await expect.poll(() => page.getByTestId("commission-row").first().textContent()).not.toBe(first);
    // Names read left to right, not centred.
    const align = await page
      .getByTestId("territory-row")
      .first()
      .locator("button")
      .first()
      .evaluate((b) => getComputedStyle(b).textAlign);
    expect(["left", "start"]).toContain(align);
    // The quarter in the page's language ("1 кв.", not "Q1").
    expect(await page.getByTestId("dashboard-territory").textContent()).toMatch(/· 1 кв\.$/);

    // A year nobody planned for: each section says there is nothing, no empty tables or charts.
    await page.getByTestId("dashboard-year").selectOption(String(year + 1));
    await expect
      .poll(() => page.getByTestId("no-data").count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId("no-data").first().textContent()).toBe("Нет данных за этот период");
    expect(await page.getByTestId("chart-category").count()).toBe(0);
    expect(await page.getByTestId("category-table").count()).toBe(0);
  }, 120_000);
});

describe("the audit log", () => {
  it("shows the person and body and links the record to its page", async () => {
    // A change by the administrator to a body, to find in the log.
    const admin = await signIn(server.app, "admin");
    const bodyId = await findBodyId(admin, `kind=organisation&territory=${ALMATY}`);
    const b = (await admin.get(`/api/bodies/${bodyId}`)).json();
    const patched = await admin.patch(`/api/bodies/${bodyId}`, {
      version: b.version,
      phone: "+7 727 000 00 02",
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const page = await signInPage(browser, server.baseUrl, "auditor");
    await page.goto(`${server.baseUrl}/audit`);
    await page.getByTestId("audit-actor").fill("admin");
    await page.getByTestId("audit-filter").click();
    await expect.poll(() => page.getByTestId("audit-row").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const adminName = DEMO_ACCOUNTS.find((a) => a.username === "admin")!.displayName;
    const who = await page.getByTestId("audit-row").first().getByTestId("person-name").textContent();
    expect(who).toContain(adminName);
    expect(who).toMatch(/\(.+\)/);
    // The body's entry links to its card.
    await page.getByTestId("audit-entity").fill(bodyId);
    await page.getByTestId("audit-filter").click();
    const link = page.getByTestId("audit-record-link").first();
    await expect.poll(() => link.count(), { timeout: 20_000 }).toBe(1);
    const href = await link.getAttribute("href");
    expect(href).toBe(`/registry/${bodyId}`);
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(href);
    await expect.poll(() => page.getByTestId("body-title").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  }, 120_000);

  it("shows a scheduled job's steps as the system's, and a role without the log the reason alone", async () => {
    // Deadline control, run as at the year's end, escalates the seeded overdue assignments: its audit
    // entries are written under the job's name.
    expect(await runControl(server.database, undefined, new Date(`${year}-12-31T06:00:00Z`))).toBeGreaterThan(
      0,
    );
    const page = await signInPage(browser, server.baseUrl, "auditor");
    await page.goto(`${server.baseUrl}/audit`);
    await page.getByTestId("audit-actor").fill("control");
    await page.getByTestId("audit-filter").click();
    await expect.poll(() => page.getByTestId("audit-row").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    const who = await page.getByTestId("audit-row").getByTestId("person-name").allTextContents();
    expect(new Set(who)).toEqual(new Set(["Система"]));
    await page.context().close();

    // A commission member may not read the log: by its address, the reason and no empty table or filters.
    const member = await signInPage(browser, server.baseUrl, "member");
    await member.goto(`${server.baseUrl}/audit`);
    await expect.poll(() => member.getByTestId("audit-forbidden").textContent()).toContain("аудит");
    expect(await member.getByTestId("audit-table").count()).toBe(0);
    expect(await member.getByTestId("audit-actor").count()).toBe(0);
    await member.context().close();
  }, 120_000);
});
