/**
 * A report naming a vulnerable object, in the browser (Law art. 10-1–10-3; R16): the owner's reporter
 * reports an attack on its object, picking it in the form (the first send is lost and the outbox keeps the
 * object with the report); the city's HQ sees the object named on the report's page, opens its card, and
 * the card lists the report.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("a report naming a vulnerable object", () => {
  it("the reporter picks its object; the HQ sees it on the report and the object's card lists the report", async () => {
    const page = await signInPage(browser, server.baseUrl, "reporter");
    await page.getByTestId("nav-response").click();
    await page.getByTestId("report-new").click();
    await page.getByTestId("report-type").selectOption("attack_on_vulnerable_object");
    // For this type the object is asked for first thing, in its own highlighted box.
    await expect.poll(() => page.getByTestId("report-object-box").isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("report-object-needs-place").isVisible()).toBe(true);
    await page.getByTestId("report-place").fill("Алматы");
    await page
      .getByRole("option", { name: /Алматы.*\(750000000\)/ })
      .first()
      .click();
    await page.getByTestId("report-object").click();
    // The dropdown offers the reporter's own objects of the city.
    const option = page.locator('[role="option"]:visible').first();
    await option.waitFor();
    const objectName = ((await option.textContent()) ?? "").trim();
    expect(objectName.length).toBeGreaterThan(0);
    await option.click();
    await expect.poll(() => page.getByTestId("report-object").inputValue()).toBe(objectName);
    await page
      .getByTestId("report-description")
      .fill("Вооружённый человек у входа, охрана ранена, идёт эвакуация");

    // The first send is lost: the outbox keeps the report with the object it names.
    await page.route("**/api/incidents", (route) =>
      route.request().method() === "POST" ? route.abort() : route.continue(),
    );
    await page.getByTestId("report-submit").click();
    await expect.poll(() => page.getByTestId("report-queued").isVisible()).toBe(true);
    const queued = await page.evaluate(
      () => JSON.parse(localStorage.getItem("qorgan.outbox.v1") ?? "[]") as { body: { objectId?: string } }[],
    );
    expect(queued).toHaveLength(1);
    const objectId = queued[0].body.objectId;
    expect(objectId).toMatch(/^[0-9a-f-]{36}$/);
    await page.unroute("**/api/incidents");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Повторить сейчас" }).click();
    await expect.poll(() => page.getByTestId("outbox-pending").count()).toBe(0);
    const [row] = await server.database.query<{ id: string; reg_number: string }>(
      "select id, reg_number from incident where object_id = $1",
      [objectId],
    );
    expect(row).toBeTruthy();

    // The city's HQ: the report's page names the object; its card lists the report.
    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/response/${row.id}`);
    await expect.poll(() => hq.getByTestId("named-object-link").textContent()).toBe(objectName);
    await hq.getByTestId("named-object-link").click();
    await hq.getByTestId("object-card").waitFor();
    await expect.poll(() => hq.getByTestId("object-reports").textContent()).toContain(row.reg_number);
    await hq.getByTestId("object-report-row").getByRole("link", { name: row.reg_number }).click();
    await expect.poll(() => hq.getByTestId("incident-title").textContent()).toContain(row.reg_number);

    // A response-force coordinator (no access to objects) is not offered the picker at all.
    const forces = await signInPage(browser, server.baseUrl, "forces");
    await forces.getByTestId("nav-response").click();
    await forces.getByTestId("report-new").click();
    await forces.getByTestId("report-type").selectOption("attack_on_vulnerable_object");
    await forces.getByTestId("report-description").waitFor();
    expect(await forces.getByTestId("report-object-box").count()).toBe(0);
  });
});
