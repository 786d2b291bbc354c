/**
 * What a user sees: the home page's situation summary per role, dates and accessible names in the page's
 * language (not the browser's), a 390 px phone without sideways scrolling, and axe-core on every main page
 * in kk and ru with no serious or critical violations.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInPage } from "../support/browser";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function lang(page: Page, l: "kk" | "ru" | "en") {
  const sw = page.getByTestId(`lang-${l}`);
  if (await sw.isVisible()) await sw.click();
  else {
    await page.getByRole("button", { name: /Мәзір|Меню|Menu/ }).click();
    await page.getByTestId(`lang-${l}-menu`).click();
  }
}

type AxeViolation = { id: string; impact: string; nodes: { target: string[]; any: { message: string }[] }[] };
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource); // not a <script> tag: the app's CSP (script-src 'self') refuses inline scripts
  const res = (await page.evaluate(
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page
    () => (window as any).axe.run(document, { resultTypes: ["violations"] }),
  )) as { violations: AxeViolation[] };
  return res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

describe("what users see", () => {
  it("home shows an HQ officer the reports and operations, a secretary the assignments and meetings", async () => {
    const hq = await signInPage(browser, server.baseUrl, "hq");
    await expect.poll(() => hq.getByTestId("home-open-reports").textContent()).toMatch(/\d/);
    await expect.poll(() => hq.getByTestId("home-waiting-reports").textContent()).toMatch(/\d/);
    expect(await hq.getByTestId("home-overdue").count()).toBe(0);
    await hq.getByTestId("home-operations").click();
    await hq.waitForURL(/\/response$/);
    await hq.context().close();

    const sec = await signInPage(browser, server.baseUrl, "secretary");
    await expect.poll(() => sec.getByTestId("home-overdue").textContent()).toMatch(/\d/);
    await expect.poll(() => sec.getByTestId("home-next-meeting").textContent()).not.toContain("…");
    expect(await sec.getByTestId("home-open-reports").count()).toBe(0);
    await expect.poll(() => sec.getByTestId("home-notices").textContent()).toMatch(/\d/);
    await sec.context().close();
  });

  it("accessible names and dates follow the page's language, not the browser's (en-US browser)", async () => {
    const context = await browser.newContext({ locale: "en-US", timezoneId: "Asia/Almaty" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.baseUrl);
    await page.getByTestId("lang-kk").click();
    // Mantine's password visibility toggle
    await expect
      .poll(() => page.getByRole("button", { name: "Құпиясөзді көрсету немесе жасыру" }).count())
      .toBe(1);
    expect(await page.getByRole("group", { name: "Тіл" }).count()).toBe(1);
    await context.close();

    const sec = await signInPage(browser, server.baseUrl, "secretary");
    await lang(sec, "kk");
    await sec.goto(`${server.baseUrl}/prevention/exercises`);
    await sec.getByTestId("exercise-new").click();
    const date = sec.getByTestId("exercise-date");
    await date.waitFor();
    expect(await date.getAttribute("placeholder")).toBe("кк.аа.жжжж");
    await date.fill("2026-12-25");
    await date.blur();
    await expect.poll(() => date.inputValue()).toBe("25.12.2026");
    await date.click();
    // the calendar speaks Kazakh (dayjs kk: "желтоқсан" is December)
    await expect.poll(() => sec.getByText(/желтоқсан/i).count()).toBeGreaterThan(0);
    await sec.context().close();
  });

  it("a 390 px phone has no sideways scrolling on any main page for the main roles, and reaches sign-out through the menu", async () => {
    const pages: Record<string, string[]> = {
      hq: [
        "/",
        "/response",
        "/threat",
        "/registry",
        "/map",
        "/objects",
        "/consequences",
        "/audit",
        "/rules",
        "/account",
      ],
      secretary: [
        "/",
        "/prevention",
        "/prevention/meetings",
        "/prevention/assignments",
        "/prevention/exercises",
        "/objects",
        "/consequences",
      ],
      reporter: ["/", "/response", "/account"],
      atc: ["/", "/prevention/dashboard", "/response", "/threat"],
    };
    const wide: string[] = [];
    for (const [user, paths] of Object.entries(pages)) {
      const page = await signInPage(browser, server.baseUrl, user);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of paths) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.waitForLoadState("networkidle");
        const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
        if (width > 390) wide.push(`${path} (${user}): ${width} px`);
      }
      if (user === "hq") {
        await page.getByRole("button", { name: /Меню/ }).click();
        await expect.poll(() => page.getByTestId("sign-out-menu").isVisible()).toBe(true);
      }
      await page.context().close();
    }
    expect(wide).toEqual([]);
  });

  it("axe-core: no serious or critical violations on the main pages in kk and ru", async () => {
    const pages: Record<string, string[]> = {
      hq: ["/", "/response", "/threat", "/registry", "/audit", "/rules", "/account"],
      secretary: ["/prevention", "/prevention/meetings", "/prevention/assignments", "/prevention/exercises"],
      atc: ["/prevention/dashboard"],
    };
    const found: string[] = [];
    for (const [user, paths] of Object.entries(pages)) {
      const page = await signInPage(browser, server.baseUrl, user);
      for (const l of ["kk", "ru"] as const) {
        await lang(page, l);
        for (const path of paths) {
          await page.goto(`${server.baseUrl}${path}`);
          await page.waitForLoadState("networkidle");
          for (const v of await axe(page))
            found.push(
              `${l} ${path} (${user}): ${v.id} [${v.impact}] ${v.nodes
                .map((n) => `${n.target.join(" ")} — ${n.any[0]?.message ?? ""}`)
                .slice(0, 3)
                .join(", ")}`,
            );
        }
      }
      await page.context().close();
    }
    expect(found).toEqual([]);
  });
});
