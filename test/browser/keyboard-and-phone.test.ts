/**
 * Keyboard, phone and badges: status badges show their whole text (no ellipsis) on the assignments page
 * and the report board in kk and ru; the report board fits a 390 px phone; and a report can be filed by
 * a reporter and taken up by the HQ with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows, typing).
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { launchBrowser, signInPage } from "../support/browser";
import { signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  // Open reports on the Almaty board: a received one and one the HQ has taken up (two status badges).
  const reporter = await signIn(server.app, "reporter");
  const hq = await signIn(server.app, "hq");
  for (const [k, type] of ["threat_message", "suspicious_object"].entries()) {
    const res = await reporter.post(
      "/api/incidents",
      {
        type,
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        territoryCode: "751710000",
        address: "Достық даңғылы, 5",
        description: `Телефон арқылы қауіп ${k}`,
      },
      { "idempotency-key": randomUUID() },
    );
    expect(res.statusCode, res.body).toBe(201);
    if (k === 1)
      expect(
        (await hq.post(`/api/incidents/${res.json().id}/actions`, { action: "acknowledge", version: 1 }))
          .statusCode,
      ).toBe(200);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function lang(page: Page, l: "kk" | "ru") {
  const sw = page.getByTestId(`lang-${l}`);
  if (await sw.isVisible()) await sw.click();
  else {
    await page.getByRole("button", { name: /Мәзір|Меню|Menu/ }).click();
    await page.getByTestId(`lang-${l}-menu`).click();
  }
}

/** Badges whose text is cut (wider than the badge, or the label than its box): their texts. */
function clippedBadges(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>(".mantine-Badge-root")]
      .filter((b) => b.offsetParent !== null)
      .flatMap((b) => {
        const label = b.querySelector<HTMLElement>(".mantine-Badge-label") ?? b;
        const cut = b.scrollWidth > b.clientWidth + 1 || label.scrollWidth > label.clientWidth + 1;
        return cut ? [`${label.textContent} (${label.scrollWidth}>${label.clientWidth})`] : [];
      }),
  );
}

/** Press Tab (or Shift+Tab) until the focused element is, or is inside, one matching `sel`. */
async function tabTo(page: Page, sel: string, opts: { back?: boolean; text?: string; max?: number } = {}) {
  for (let i = 0; i < (opts.max ?? 150); i++) {
    const here = await page.evaluate(
      ([s, text]) => {
        const el = document.activeElement;
        const hit = el?.closest(s);
        return !!hit && (!text || (hit.textContent ?? "").includes(text));
      },
      [sel, opts.text ?? ""] as const,
    );
    if (here) return;
    await page.keyboard.press(opts.back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`Tab never reached ${sel} ${opts.text ?? ""}`);
}
const tid = (id: string) => `[data-testid="${id}"]`;
const focusedValue = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? "");

/** Sign in with the keyboard alone: Tab to each field, type, Enter. */
async function keyboardSignIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(server.baseUrl);
  await page.getByTestId("signin-username").waitFor();
  await tabTo(page, tid("signin-username"));
  await page.keyboard.type(username);
  await tabTo(page, tid("signin-password"));
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByTestId("current-user").waitFor();
  return page;
}

const visibleBadges = (page: Page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLElement>(".mantine-Badge-root")].filter((b) => b.offsetParent).length,
  );

describe("badges, phone, keyboard", () => {
  it("status badges show their whole text on the assignments page and the report board, kk and ru, wide and on a phone", async () => {
    const cases: [string, string, number][] = [
      ["secretary", "/prevention/assignments?scope=all&status=", 1280],
      ["secretary", "/prevention/assignments?scope=all&status=", 390],
      ["hq", "/response", 1280],
      ["hq", "/response", 390],
    ];
    const cut: string[] = [];
    for (const [user, path, width] of cases) {
      const page = await signInPage(browser, server.baseUrl, user);
      await page.setViewportSize({ width, height: 900 });
      for (const l of ["kk", "ru"] as const) {
        await lang(page, l);
        await page.goto(`${server.baseUrl}${path}`);
        await page.waitForLoadState("networkidle");
        await expect.poll(() => visibleBadges(page)).toBeGreaterThan(2);
        if (path === "/response")
          await expect.poll(() => page.getByTestId("incident-status-badge").count()).toBeGreaterThan(1);
        else await expect.poll(() => page.getByTestId("assignment-status").count()).toBeGreaterThan(0);
        for (const c of await clippedBadges(page)) cut.push(`${l} ${width}px ${path}: ${c}`);
      }
      await page.context().close();
    }
    expect(cut).toEqual([]);
  });

  it("the report board fits a 390 px phone, one card per report", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    await page.setViewportSize({ width: 390, height: 844 });
    for (const l of ["kk", "ru"] as const) {
      await lang(page, l);
      await page.goto(`${server.baseUrl}/response`);
      await page.waitForLoadState("networkidle");
      await expect.poll(() => page.getByTestId("incident-row").count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), l).toBeLessThanOrEqual(390);
    }
    await page.context().close();
  });
  it("the keyboard alone reports an incident (reporter) and takes it up (HQ)", async () => {
    const reporter = await keyboardSignIn("reporter");
    await reporter.goto(`${server.baseUrl}/response`);
    await reporter.getByTestId("report-new").waitFor();
    await tabTo(reporter, tid("report-new"));
    await reporter.keyboard.press("Enter");
    await reporter.getByTestId("report-type").waitFor();
    // The type: a native select changed with the arrow keys (the first type, a threat message).
    await tabTo(reporter, tid("report-type"));
    await reporter.keyboard.press("Home");
    expect(await focusedValue(reporter)).toBe("threat_message");
    // The place: typed, the first suggestion taken with the arrow key and Enter.
    await tabTo(reporter, tid("report-place"));
    await reporter.keyboard.type("Медеу");
    await reporter.locator('[role="listbox"] [role="option"]').first().waitFor();
    // Each suggestion says where the place lies (its district and region), not only its name.
    const first = (await reporter.locator('[role="listbox"] [role="option"]').first().textContent()) ?? "";
    expect(first).toMatch(/ — .*Алматы.*\(\d{9}\)$/);
    await reporter.keyboard.press("ArrowDown");
    await reporter.keyboard.press("Enter");
    await expect.poll(() => focusedValue(reporter)).toMatch(/\(\d{9}\)$/);
    await tabTo(reporter, tid("report-address"));
    await reporter.keyboard.type("Абай даңғылы, 150");
    await tabTo(reporter, tid("report-description"));
    const text = `Пернетақтамен жіберілген хабар ${Date.now()}`;
    await reporter.keyboard.type(text);
    // Back to the address with Shift+Tab (the form is walked both ways), then on to send.
    await tabTo(reporter, tid("report-address"), { back: true });
    expect(await focusedValue(reporter)).toBe("Абай даңғылы, 150");
    await tabTo(reporter, tid("report-submit"));
    await reporter.keyboard.press("Space");
    await reporter.getByTestId("report-sent").waitFor();
    const regNumber = /\d{4}-\d{6}/.exec(
      (await reporter.getByTestId("report-sent").textContent()) ?? "",
    )?.[0];
    expect(regNumber).toBeTruthy();
    await reporter.context().close();

    const hq = await keyboardSignIn("hq");
    await hq.goto(`${server.baseUrl}/response`);
    await hq.getByTestId("incident-link").filter({ hasText: regNumber! }).waitFor();
    await tabTo(hq, tid("incident-link"), { text: regNumber });
    await hq.keyboard.press("Enter");
    await hq.waitForURL(/\/response\/[0-9a-f-]{36}$/);
    await expect.poll(() => hq.getByTestId("incident-title").textContent()).toContain(regNumber!);
    await hq.getByTestId("incident-action-acknowledge").waitFor();
    await tabTo(hq, tid("incident-action-acknowledge"));
    await hq.keyboard.press("Enter");
    await expect
      .poll(() => hq.getByTestId("incident-status").getAttribute("data-status"))
      .toBe("acknowledged");
    await hq.context().close();
  });
  it("the HQ closes a report as a knowingly false report and refers it to the police from its page", async () => {
    const reporter = await signIn(server.app, "reporter");
    const res = await reporter.post(
      "/api/incidents",
      {
        type: "threat_message",
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        territoryCode: "751710000",
        description: "Сауда орталығында жарылғыш құрылғы бар деген қоңырау",
      },
      { "idempotency-key": randomUUID() },
    );
    const id = res.json().id as string;
    const page = await signInPage(browser, server.baseUrl, "hq");
    await page.goto(`${server.baseUrl}/response/${id}`);
    await page.getByTestId("incident-action-acknowledge").click();
    await page.getByTestId("incident-action-close").waitFor();
    expect(await page.getByTestId("police-referral").count()).toBe(0);
    await page.getByTestId("incident-reason").selectOption("knowingly_false_report");
    await page.getByTestId("incident-action-close").click();
    // Closed so: the referral is offered, the report's own police body chosen (Almaty city).
    const body = page.getByTestId("police-referral-body");
    await body.waitFor();
    expect(await page.getByTestId("police-referral").textContent()).toContain("273");
    const chosen = await body.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");
    expect(chosen).toMatch(/Алматы/);
    expect(chosen).toMatch(/полиции/);
    await page.getByTestId("police-referral-note").fill("Қоңырау шалған нөмір анықталды");
    await page.getByTestId("police-referral-submit").click();
    await expect.poll(() => page.getByTestId("police-referral-row").count()).toBe(1);
    expect(await page.getByTestId("police-referral-row").textContent()).toContain(
      "Қоңырау шалған нөмір анықталды",
    );
    // In the history too; a second referral to the same body is refused at the field.
    await expect.poll(() => page.getByTestId("incident-history").textContent()).toMatch(/полици/i);
    await page.getByTestId("police-referral-submit").click();
    await expect.poll(() => page.getByText("Сообщение уже направлено в этот орган полиции.").count()).toBe(1);
    await page.context().close();
  });
});
