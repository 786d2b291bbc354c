/**
 * Affected people in the browser (R20, R21.5; Law No. 94-V): the demo victim-support officer opens an
 * Almaty case, registers a hospitalised victim (IIN, hospital, the body that reported it) and records
 * the compensation of material harm from claim through decision to payment; the HQ officer sees the
 * case with counts only — no name anywhere on the page.
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIin } from "../../src/server/modules/affected-people/affected-people.seed";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { launchBrowser, signInPage } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let incidentId: string;

const SURNAME = "Бекмұхамбетова";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const signIn = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "hq", password: DEMO_PASSWORD }),
  });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
  const res = await fetch(`${server.baseUrl}/api/incidents`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({
      type: "explosion",
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      territoryCode: "750000000",
      description: "Жарылыс (браузер сынағы)",
    }),
  });
  expect(res.status).toBe(201);
  incidentId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Search a body picker and take the first body it offers. */
async function pickBody(page: Page, search: string, select: string, text: string) {
  await page.getByTestId(search).fill(text);
  await expect
    .poll(() => page.getByTestId(select).locator("option").count(), { timeout: 10_000 })
    .toBeGreaterThan(1);
  await page.getByTestId(select).selectOption({ index: 1 });
}

async function addCompensation(page: Page, stage: string, amount: string, reference: string) {
  await page.getByTestId("entry-kind").selectOption("compensation");
  await page.getByTestId("comp-harm").selectOption("material");
  await page.getByTestId("comp-stage").selectOption(stage);
  await page.getByTestId("comp-amount").fill(amount);
  await page.getByTestId("comp-reference").fill(reference);
  if ((await page.getByTestId("entry-body").inputValue()) === "")
    await pickBody(page, "entry-body-search", "entry-body", "акимат");
  await page.getByTestId("entry-submit").click();
  await expect
    .poll(() => page.locator('[data-testid="entry"][data-kind="compensation"]').count())
    .toBeGreaterThan(0);
}

describe("the victim-support officer", () => {
  it("registers a hospitalised victim and records a compensation payment", async () => {
    const page = await signInPage(browser, server.baseUrl, "victims");
    await page.goto(`${server.baseUrl}/consequences/people`);
    await page
      .locator(`[data-testid="affected-case"][data-incident="${incidentId}"]`)
      .getByTestId("open-case")
      .click();
    // A case nobody is registered in yet says so, rather than showing an empty table.
    await expect.poll(() => page.getByTestId("persons-none").isVisible()).toBe(true);
    await page.getByTestId("register-open").click();
    // Dates are typed and shown as dd.mm.yyyy HH:mm whatever the browser's own locale.
    expect(await page.getByTestId("person-at").inputValue()).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    await page.getByTestId("person-iin").fill(demoIin("1988-10-03", "female", 901));
    await page.getByTestId("person-surname").fill(SURNAME);
    await page.getByTestId("person-given").fill("Динара");
    await page.getByTestId("person-birth").fill("1988-10-03");
    await page.getByTestId("person-phone").fill("+7 705 111 22 33");
    await page.getByTestId("person-status").selectOption("hospitalised");
    await page.getByTestId("person-severity").selectOption("severe");
    await pickBody(page, "person-hospital-search", "person-hospital", "больница");
    await pickBody(page, "person-body-search", "person-body", "экстренной");
    await page.getByTestId("person-submit").click();

    const card = page.getByTestId("person-card");
    await expect.poll(() => card.getAttribute("data-status")).toBe("hospitalised");
    await expect.poll(() => card.textContent()).toContain(SURNAME);
    // The entries are a headed table: when, what kind, what, which body, who recorded it.
    expect(await page.getByTestId("entries").locator("thead th").allTextContents()).toEqual([
      "Дата и время",
      "Вид записи",
      "Содержание",
      "Оказавший орган",
      "Кто внёс",
    ]);
    // No body chosen: the field says it is required, not that its format is wrong.
    await page.getByTestId("entry-submit").click();
    await expect.poll(() => page.getByTestId("entry-form").textContent()).toContain("Обязательное поле.");
    expect(await page.getByTestId("entry-form").textContent()).not.toContain("Неверный формат.");

    await addCompensation(page, "claim", "300000", "Өтініш № 1");
    await addCompensation(page, "decision", "250000", "Шешім № 2");
    await addCompensation(page, "paid", "250000", "ПП № 3");
    const row = page.locator('[data-testid="compensation-row"][data-harm="material"]');
    await expect.poll(() => row.getAttribute("data-stage")).toBe("paid");
    await expect.poll(() => row.getByTestId("compensation-paid").textContent()).toMatch(/250\s?000/);

    // Stored and audited: one person, the payment on file, the reads in the audit log.
    const [p] = await server.database.query<{ id: string; status: string }>(
      "select id, status from affected_person where incident_id = $1",
      [incidentId],
    );
    expect(p.status).toBe("hospitalised");
    const paid = await server.database.query<{ amount: string }>(
      "select amount::text from affected_person_entry where person_id = $1 and kind = 'compensation' and stage = 'paid'",
      [p.id],
    );
    expect(paid.map((x) => Number(x.amount))).toEqual([250000]);
  });

  it("shows a possible match's dates of birth as dd.mm.yyyy", async () => {
    // One reported missing, one found in hospital with no IIN: the same name and date of birth.
    const signIn = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "victims", password: DEMO_PASSWORD }),
    });
    const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0];
    const [body] = await server.database.query<{ id: string }>(
      "select id from body where kind = 'commission' and territory_code = '750000000' limit 1",
    );
    for (const status of ["missing", "evacuated"] as const) {
      const res = await fetch(`${server.baseUrl}/api/affected-people/cases/${incidentId}/persons`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "idempotency-key": randomUUID() },
        body: JSON.stringify({
          role: "victim",
          surname: "Сәрсенбаев",
          givenName: "Тимур",
          patronymic: "",
          birthDate: "2011-04-09",
          phone: "",
          address: "",
          status: { status, bodyId: body.id, at: new Date().toISOString(), details: "" },
        }),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    }
    const page = await signInPage(browser, server.baseUrl, "victims");
    await page.goto(`${server.baseUrl}/consequences/people`);
    await page
      .locator(`[data-testid="affected-case"][data-incident="${incidentId}"]`)
      .getByTestId("open-case")
      .click();
    const match = page.getByTestId("match").first();
    await expect.poll(() => match.textContent()).toContain("09.04.2011");
    expect(await match.textContent()).not.toContain("2011-04-09");
  });

  it("the secretary's access button shows its whole label", async () => {
    const page = await signInPage(browser, server.baseUrl, "secretary");
    await page.goto(`${server.baseUrl}/consequences/people`);
    const button = page.getByTestId("case-access-open").first();
    await button.waitFor();
    const clipped = await button.evaluate((b) => {
      const label = b.querySelector(".mantine-Button-label") ?? b;
      return label.scrollWidth - label.clientWidth;
    });
    expect(clipped).toBeLessThanOrEqual(0);
  });

  it("the HQ officer sees the case with counts only, no name", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    await page.goto(`${server.baseUrl}/consequences/people`);
    const row = page.locator(`[data-testid="affected-case"][data-incident="${incidentId}"]`);
    await expect.poll(() => row.textContent()).toMatch(/Госпитализирован: 1/);
    expect(await row.getByTestId("open-case").count()).toBe(0);
    expect(await page.content()).not.toContain(SURNAME);
  });
});
