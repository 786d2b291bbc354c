/**
 * Threat levels in the browser (Decree No. 611): the ATC declares a level for Almaty region and raises
 * it; a Konaev commission secretary's open page (a district of that region) shows the new level in its
 * header and a banner at once, without reloading; the public page shows it, is not blocked by the CSP
 * and has no serious or critical axe-core violations. The district's commission confirms receipt of
 * its measures and the ATC's "X of Y confirmed" counts it, on the board by territory too, down to the
 * district where the bodies still missing are listed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInPage } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

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

async function signedIn(username: string): Promise<Page> {
  const page = await signInPage(browser, server.baseUrl, username);
  return page;
}

async function fillDecision(page: Page, tag: string) {
  await page.getByTestId("threat-grounds").fill(`Негіздеме ${tag}: жедел ақпарат`);
  await page.getByTestId("threat-announcement-kk").fill(`Алматы облысы: ${tag} (kk)`);
  await page.getByTestId("threat-announcement-ru").fill(`Алматинская область: ${tag} (ru)`);
}

describe("declaring and raising a level", () => {
  it("reaches another user's open page live, and the public page", async () => {
    // A district secretary has a page open (the registry), with no level in the header yet.
    const district = await signedIn("district");
    await district.getByTestId("nav-registry").click();
    await expect
      .poll(() => district.getByTestId("threat-header-level").getAttribute("data-level"))
      .toBe("none");

    const atc = await signedIn("atc");
    await atc.getByTestId("nav-threat").click();
    await expect.poll(() => atc.getByTestId("threat-none").isVisible()).toBe(true);
    await atc.getByTestId("threat-declare").click();
    await atc.getByRole("radio", { name: "умеренный («жёлтый»)" }).check({ force: true });
    await atc.getByTestId("threat-territory-picker").fill("Алматинская");
    await atc.getByRole("option", { name: /Алматинская область.*\(190000000\)/ }).click();
    await expect.poll(() => atc.getByTestId("threat-territory-190000000").isVisible()).toBe(true);
    await atc.getByTestId("threat-ends-at").fill("2035-01-01T12:00");
    await fillDecision(atc, "жёлтый");
    await atc.getByTestId("threat-submit").click();
    await expect.poll(() => atc.getByTestId("threat-row").count()).toBe(1);
    await expect
      .poll(() =>
        atc.locator('[data-testid="threat-region"][data-kato="190000000"]').getAttribute("data-level"),
      )
      .toBe("moderate");

    // The district's open page hears it: header and banner, no reload.
    await expect
      .poll(() => district.getByTestId("threat-header-level").getAttribute("data-level"), { timeout: 5000 })
      .toBe("moderate");
    await expect.poll(() => district.getByTestId("threat-banner").isVisible()).toBe(true);
    await district.getByRole("button", { name: "Закрыть" }).first().click();
    await expect.poll(() => district.getByTestId("threat-banner").count()).toBe(0);

    // The ATC raises it to high: a new decision referencing the first.
    await atc.getByTestId("threat-action-raise").click();
    await atc.getByRole("radio", { name: "высокий («оранжевый»)" }).check({ force: true });
    await fillDecision(atc, "оранжевый");
    await atc.getByTestId("threat-submit").click();
    await expect
      .poll(() => atc.locator('[data-testid="threat-row"]').first().getAttribute("data-level"))
      .toBe("high");

    await expect
      .poll(() => district.getByTestId("threat-header-level").getAttribute("data-level"), { timeout: 5000 })
      .toBe("high");
    await expect.poll(() => district.getByTestId("threat-banner").getAttribute("data-level")).toBe("high");
    expect(await district.getByTestId("threat-banner").textContent()).toContain("высокий («оранжевый»)");
    // Its home page says the level in force at its territory.
    await district.getByTestId("nav-home").click();
    await expect
      .poll(() => district.getByTestId("home-threat").locator("[data-level]").getAttribute("data-level"))
      .toBe("high");
    // The district sees the decisions on its page, without the grounds.
    await district.getByTestId("nav-threat").click();
    await expect.poll(() => district.getByTestId("threat-row").count()).toBe(1);
    expect(await district.getByTestId("threat-grounds-shown").count()).toBe(0);
    expect(await district.getByTestId("threat-declare").count()).toBe(0);
    // Its commission has the measures of both decisions to confirm; it confirms the newest.
    await expect.poll(() => district.getByTestId("threat-task").count()).toBe(2);
    await district
      .locator('[data-testid="threat-task"][data-level="high"]')
      .getByTestId("threat-task-confirm")
      .click();
    await expect
      .poll(() => district.locator('[data-testid="threat-task"][data-status="confirmed"]').count())
      .toBe(1);
    // The ATC's board counts it, live.
    // (Which decision's row comes first is the page's order, not the test's concern: one row counts it.)
    await expect
      .poll(
        async () =>
          (await atc.getByTestId("threat-task-progress").allTextContents()).filter((t) =>
            /^Подтвердили: 1 из \d+$/.test(t),
          ).length,
        { timeout: 20_000 },
      )
      .toBe(1);
    // The board by territory: the region's "X of Y", live; down to its districts, then who is missing.
    const regionRow = atc.locator('[data-testid="threat-board-row"][data-kato="190000000"]');
    await expect
      .poll(async () => (await regionRow.getByTestId("threat-board-xofy").textContent()) ?? "", {
        timeout: 20_000,
      })
      .toMatch(/^1 из \d+$/);
    expect(await atc.getByTestId("threat-board-legend").isVisible()).toBe(true);
    await expect.poll(() => atc.getByTestId("threat-board-map").getAttribute("data-ready")).toBe("true");
    await regionRow.getByRole("button", { name: "Открыть: Алматинская область" }).click();
    await expect.poll(() => atc.getByTestId("threat-board").getAttribute("data-parent")).toBe("190000000");
    const konaevRow = atc.locator('[data-testid="threat-board-row"][data-kato="191000000"]');
    await expect
      .poll(async () => (await konaevRow.getByTestId("threat-board-xofy").textContent()) ?? "")
      .toMatch(/^1 из \d+$/);
    await konaevRow.getByTestId("threat-board-drill").click();
    await expect.poll(() => atc.getByTestId("threat-board").getAttribute("data-parent")).toBe("191000000");
    // Konaev's akimat has not confirmed: it is listed; the commission that confirmed is not.
    const missing = atc.getByTestId("threat-board-missing");
    await expect.poll(async () => (await missing.textContent()) ?? "").toMatch(/[Аа]кимат/);
    expect(await missing.textContent()).not.toMatch(/Антитеррористическая комиссия/);
    await atc.getByTestId("threat-board-up").click();
    await expect.poll(() => atc.getByTestId("threat-board").getAttribute("data-parent")).toBe("190000000");
    await district.context().close();
    await atc.context().close();

    // The public page, signed out: the level is there, the grounds are not, nothing is blocked.
    const context = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${server.baseUrl}/public/ru`);
    await expect
      .poll(async () => page.locator('li[data-kato="190000000"]').getAttribute("data-level"))
      .toBe("high");
    const text = await page.locator("body").textContent();
    expect(text).toContain("Алматинская область: оранжевый (ru)");
    expect(text).not.toContain("Негіздеме");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ru");
    // The footer is two sentences; each level's swatch sits on its badge's line.
    expect(text).toMatch(/Обновлено: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\. Время/);
    const offsets = await page.locator("table.levels th[scope=row]").evaluateAll((ths) =>
      ths.map((th) => {
        const swatch = th.querySelector(".swatch")!.getBoundingClientRect();
        const badge = th.querySelector(".badge")!.getBoundingClientRect();
        return Math.abs(swatch.top + swatch.height / 2 - (badge.top + badge.height / 2));
      }),
    );
    expect(offsets).toHaveLength(3);
    for (const d of offsets) expect(d).toBeLessThan(6);
    // axe-core, run in the page through the DevTools protocol (not a script tag the CSP would refuse).
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe;
      const r = (await axe.run(document, { resultTypes: ["violations"] })) as {
        violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
      };
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        nodes: v.nodes.map((n) => n.target.join(" ")),
      }));
    });
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious, JSON.stringify(serious, null, 1)).toEqual([]);
    for (const lang of ["kk", "en"]) {
      await page.goto(`${server.baseUrl}/public/${lang}`);
      await page.evaluate(AXE_SOURCE);
      const impacts = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe;
        const r = (await axe.run(document, { resultTypes: ["violations"] })) as {
          violations: { id: string; impact: string }[];
        };
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
      });
      expect(impacts, lang).toEqual([]);
    }
    expect(blocked).toEqual([]);
    await context.close();
  });
});
