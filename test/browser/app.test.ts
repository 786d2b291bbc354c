/**
 * The web app in headless Chromium against the real server and a seeded database: sign in, switch
 * language, find a commission, edit a body and see the change in the audit log, scoped navigation.
 */
import type { Browser, Page } from "playwright-core";
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

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: "kk-KZ", timezoneId: "Asia/Almaty" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto(server.baseUrl);
  await page.getByTestId("signin-username").fill(username);
  await page.getByTestId("signin-password").fill(password);
  await page.getByTestId("signin-submit").click();
}

describe("web app", () => {
  it("signs in, shows the shell in Kazakh, switches to Russian and English and back", async () => {
    const page = await newPage();
    await signIn(page, "admin", "wrong-password");
    await expect.poll(() => page.getByTestId("signin-error").textContent()).toMatch(/құпиясөз/i);
    await page.getByTestId("signin-password").fill(DEMO_PASSWORD);
    await page.getByTestId("signin-submit").click();
    const nav = page.getByTestId("nav-registry");
    await expect.poll(() => nav.textContent()).toBe("Тізілім");
    expect(await page.getByTestId("nav-prevention").textContent()).toBe("Профилактика");
    await page.getByTestId("lang-ru").click();
    await expect.poll(() => nav.textContent()).toBe("Реестр");
    expect(await page.getByTestId("nav-consequences").textContent()).toBe("Ликвидация последствий");
    await page.getByTestId("lang-en").click();
    await expect.poll(() => nav.textContent()).toBe("Registry");
    await page.getByTestId("lang-kk").click();
    await expect.poll(() => nav.textContent()).toBe("Тізілім");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("kk");
    await page.getByTestId("sign-out").click();
    await expect.poll(() => page.getByTestId("signin-submit").isVisible()).toBe(true);
    await page.context().close();
  });

  it("a secretary finds her city's commission by name and sees its members and legal basis (R5)", async () => {
    const page = await newPage();
    await signIn(page, "secretary");
    await page.getByTestId("nav-registry").click();
    await page.getByTestId("registry-kind").selectOption("commission");
    await page.getByTestId("registry-search").fill("Алматы қаласының");
    const first = page.getByTestId("body-row").first();
    await expect.poll(() => first.textContent()).toContain("Алматы қаласының терроризмге қарсы комиссиясы");
    await first.getByTestId("body-link").click();
    await expect
      .poll(() => page.getByTestId("body-title").textContent())
      .toBe("Алматы қаласының терроризмге қарсы комиссиясы");
    expect(await page.getByTestId("legal-basis").first().textContent()).toContain("R5");
    await expect.poll(() => page.getByTestId("member-row").count()).toBeGreaterThan(1);
    // Personal data only on request; the read is audited.
    await page.getByTestId("member-show-contact").first().click();
    await expect.poll(() => page.getByTestId("member-contact").first().textContent()).toMatch(/\+7/);
    await page.context().close();
  });

  it("the Anti-Terrorism Center's card states its competence (R3) in Kazakh and Russian, not in English", async () => {
    const page = await newPage();
    await signIn(page, "secretary");
    await page.getByTestId("nav-registry").click();
    await page.getByTestId("registry-kind").selectOption("atc");
    await page.getByTestId("body-row").first().getByTestId("body-link").click();
    const competence = page.getByTestId("body-competence");
    await expect.poll(() => competence.textContent()).toMatch(/^R3: терроризмге қарсы/);
    expect(await competence.textContent()).toContain("противодействия терроризму");
    expect(await competence.textContent()).not.toMatch(/coordinator|activity/);
    await page.context().close();
  });

  it("an administrator edits a body and sees the change in the audit log", async () => {
    const page = await newPage();
    await signIn(page, "admin");
    await page.getByTestId("lang-en").click();
    await page.getByTestId("nav-registry").click();
    await page.getByTestId("registry-kind").selectOption("organisation");
    const row = page.getByTestId("body-row").first();
    await row.waitFor();
    await row.getByTestId("body-link").click();
    await page.getByTestId("body-edit").click();
    await page.getByTestId("field-phone").fill("+7 727 999 12 34");
    await page.getByTestId("body-save").click();
    await expect.poll(() => page.getByTestId("body-phone").textContent()).toBe("+7 727 999 12 34");
    const id = page.url().split("/").pop()!;

    // A bad BIN is refused with a field message, and nothing changes.
    await page.getByTestId("body-edit").click();
    await page.getByTestId("field-bin").fill("180240012343"); // a valid BIN (…2) with its check digit changed
    await page.getByTestId("body-save").click();
    await expect.poll(() => page.getByText("The BIN check digit does not match").count()).toBeGreaterThan(0);
    await page.keyboard.press("Escape");

    await page.getByTestId("nav-audit").click();
    await page.getByTestId("audit-entity").fill(id);
    await page.getByTestId("audit-filter").click();
    const entry = page.locator(`[data-testid="audit-row"][data-entity="${id}"][data-action="body.updated"]`);
    await expect.poll(() => entry.count()).toBe(1);
    expect(await entry.textContent()).toContain("Record changed");
    await page.context().close();
  });

  it("an organisation reporter has no audit navigation and no edit rights on others", async () => {
    const page = await newPage();
    await signIn(page, "reporter");
    await page.getByTestId("nav-registry").waitFor();
    expect(await page.getByTestId("nav-audit").count()).toBe(0);
    await page.getByTestId("nav-registry").click();
    await page.getByTestId("registry-kind").selectOption("atc");
    await page.getByTestId("body-row").first().getByTestId("body-link").click();
    await page.getByTestId("body-title").waitFor();
    expect(await page.getByTestId("body-edit").count()).toBe(0);
    await page.context().close();
  });

  it("shows the Rules with the Kazakh original and the map with its attribution", async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await signIn(page, "member");
    await page.getByTestId("nav-rules").click();
    await expect.poll(() => page.getByTestId("rule").count()).toBe(23);
    expect(await page.locator("#R18").textContent()).toMatch(/жедел штаб/);
    await page.getByTestId("nav-map").click();
    // The boundaries' licence credit (CC BY 4.0) stands once, in the map's own attribution control.
    const credit = page.locator('[data-testid="map"] .maplibregl-ctrl-attrib');
    await expect.poll(() => credit.textContent()).toContain("geokz (CC BY 4.0)");
    expect(await credit.textContent()).toContain("GeoNames (CC BY 4.0)");
    expect(await page.getByText("geokz (CC BY 4.0)").count()).toBe(1);
    // MapLibre draws into a canvas (its worker must load under the CSP); picking a region shows its bodies.
    await expect.poll(() => page.locator('[data-testid="map"] canvas').count()).toBe(1);
    await page.getByText("Алматы қ.", { exact: true }).click();
    await expect
      .poll(() => page.getByTestId("map-selected").textContent())
      .toMatch(/Алматы қ\..*Тізілім: \d+/);
    await page.waitForTimeout(1000);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
