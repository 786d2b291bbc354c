/**
 * A consequence plan made for a vulnerable object (R21; Law art. 10-2), in the browser: the city
 * commission's secretary starts a plan for its territory, finds an object of that territory in the
 * plan editor's object picker by part of its name, saves; the plan's page names the object with a
 * link to its card, and the link opens the card. The plan's row keys the object (consequence_plan's
 * foreign key to vulnerable_object).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInPage } from "../support/browser";
import { ALMATY } from "../support/fixtures";
import { signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let objectId: string;

const OBJECT_RU = "Концертный зал «Достар» (план последствий)";
const PLAN = "Жоспар: «Достар» концерт залы (browser)";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const reporter = await signIn(server.app, "reporter");
  const ownerBodyId = (await reporter.get("/api/auth/me")).json().grants[0].bodyId;
  const o = await reporter.post("/api/objects", {
    nameKk: "«Достар» концерт залы (салдар жоспары)",
    nameRu: OBJECT_RU,
    territoryCode: ALMATY,
    address: "Алматы, Абай даңғ., 44",
    lat: 43.24,
    lon: 76.92,
    category: "mass_gathering",
    attendance: 1500,
    staff: 40,
    owner: { bodyId: ownerBodyId },
  });
  expect(o.statusCode, o.body).toBe(201);
  objectId = o.json().id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the plan editor's object picker", () => {
  it("a secretary picks an object of the plan's territory; the plan names it with a link to its card", async () => {
    const page = await signInPage(browser, server.baseUrl, "secretary");
    await page.goto(`${server.baseUrl}/consequences?tab=plans`);
    await page.getByTestId("plan-new").click();
    await page.getByTestId("plan-editor").waitFor();
    await page.getByTestId("plan-title").fill(PLAN);

    // The picker searches the objects of the plan's territory by part of the name.
    const picker = page.getByTestId("plan-object");
    await picker.click();
    await picker.fill("Достар");
    await page.getByRole("option", { name: OBJECT_RU }).click();
    await expect.poll(() => picker.inputValue()).toBe(OBJECT_RU);
    await page.getByTestId("plan-save").click();

    const view = page.getByTestId("plan-view");
    await view.waitFor();
    const link = view.getByTestId("named-object-link");
    await expect.poll(() => link.textContent()).toBe(OBJECT_RU);
    expect(await link.getAttribute("href")).toBe(`/objects/${objectId}`);
    const planId = /\/consequences\/plans\/([0-9a-f-]+)/.exec(page.url())?.[1];
    expect(planId).toBeTruthy();
    const rows = await server.database.query<{ object_id: string | null; territory_code: string }>(
      "select object_id, territory_code from consequence_plan where id = $1",
      [planId],
    );
    expect(rows).toEqual([{ object_id: objectId, territory_code: ALMATY }]);

    // The link opens the object's card.
    await link.click();
    await expect.poll(() => page.url()).toContain(`/objects/${objectId}`);
    await expect.poll(() => page.locator("body").textContent(), { timeout: 15_000 }).toContain(OBJECT_RU);
    await page.context().close();
  });
});
