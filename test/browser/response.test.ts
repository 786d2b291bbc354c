/**
 * Response in the browser (R16, R18): an organisation files a report with a photo — once, even when the
 * first attempt is lost on the network (the photo waits in the outbox with it) — and the competent HQ sees
 * it on its board with the photo, and acknowledges it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import ru from "../../src/web/i18n/ru.json" with { type: "json" };
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

async function signedIn(username: string): Promise<Page> {
  const page = await signInPage(browser, server.baseUrl, username);
  await page.getByTestId("nav-response").click();
  return page;
}

const incidentCount = async () =>
  Number((await server.database.query<{ n: string }>("select count(*)::text as n from incident"))[0].n);

describe("reporting an incident", () => {
  it("keeps a report and its photo whose first send is lost, sends them once when retried, and the city HQ sees the photo and acknowledges it", async () => {
    const before = await incidentCount();
    const page = await signedIn("reporter");
    await page.getByTestId("report-new").click();
    await page.getByTestId("report-type").selectOption("threat_message");
    await page.getByTestId("report-place").fill("Медеу");
    await page.getByRole("option", { name: /Медеу/ }).first().click();
    await page.getByTestId("report-description").fill("Телефонный звонок с угрозой взрыва в торговом центре");
    // A point on the map (the form's small map): clicking sets the coordinates.
    await expect.poll(() => page.locator('[data-testid="report-map"] canvas').count()).toBe(1);
    // The map has zoomed to the chosen district: its middle lies inside it (no "outside" warning).
    await page.waitForTimeout(1500);
    await page.getByTestId("report-map").click();
    await expect.poll(() => page.getByText(/^Точка: \d+\.\d+, \d+\.\d+$/).count()).toBe(1);
    expect(await page.getByTestId("report-point-outside").count()).toBe(0);

    // A photo (a real JPEG: the browser's own screenshot) attached in the form.
    const photo = await page.screenshot({
      type: "jpeg",
      quality: 60,
      clip: { x: 0, y: 0, width: 64, height: 48 },
    });
    await page
      .getByTestId("report-files")
      .setInputFiles({ name: "scene.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect.poll(() => page.getByTestId("report-files-picked").textContent()).toContain("scene.jpg");

    // The network drops the first attempt: the report stays in the browser's outbox, its photo with it.
    await page.route("**/api/incidents", (route) =>
      route.request().method() === "POST" ? route.abort() : route.continue(),
    );
    await page.getByTestId("report-submit").click();
    await expect.poll(() => page.getByTestId("report-queued").isVisible()).toBe(true);
    expect(await page.getByTestId("report-files-not-kept").count()).toBe(0);
    expect(
      await page.evaluate(() => JSON.parse(localStorage.getItem("qorgan.outbox.v1") ?? "[]").length),
    ).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("outbox-pending").isVisible()).toBe(true);

    // The connection is back: the same report (same idempotency key) is sent and acknowledged once.
    await page.unroute("**/api/incidents");
    await page.getByRole("button", { name: "Повторить сейчас" }).click();
    await expect.poll(() => page.getByTestId("outbox-pending").count()).toBe(0);
    await expect.poll(() => page.getByTestId("incident-row").count()).toBeGreaterThan(0);
    expect(await incidentCount()).toBe(before + 1);
    const [last] = await server.database.query<{ lat: number | null }>(
      "select lat from incident order by received_at desc limit 1",
    );
    expect(last.lat).toBeGreaterThan(40);
    const files = await server.database.query<{ filename: string; mime: string; size: number }>(
      "select f.filename, f.mime, f.size from incident_file f join incident i on i.id = f.incident_id where i.id = (select id from incident order by received_at desc limit 1)",
    );
    expect(files).toEqual([{ filename: "scene.jpg", mime: "image/jpeg", size: photo.length }]);
    await page.context().close();

    const hq = await signedIn("hq");
    const row = hq.locator('[data-testid="incident-row"][data-status="received"]').first();
    await expect.poll(() => row.textContent()).toContain("Сообщение об угрозе");
    await row.getByTestId("incident-link").click();
    // The photo is on the report's page, with its size; a page passed off as a photo is refused there.
    await expect.poll(() => hq.getByTestId("incident-file").textContent()).toContain("scene.jpg");
    expect(await hq.getByTestId("incident-file").textContent()).toContain("JPEG");
    await hq.getByTestId("incident-file-input").setInputFiles({
      name: "more.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from("<html><script>alert(1)</script></html>"),
    });
    await expect.poll(() => hq.getByTestId("incident-file-error").textContent()).toContain("more.jpg");
    expect(await hq.getByTestId("incident-file").count()).toBe(1);
    await hq.getByTestId("incident-comment").fill("Принято, выезжает группа");
    await hq.getByTestId("incident-action-acknowledge").click();
    await expect
      .poll(() => hq.getByTestId("incident-status").textContent())
      .toBe(ru.incidentStatus.acknowledged);
    await expect.poll(() => hq.getByTestId("incident-event").count()).toBe(2);
    await hq.context().close();
  });
});

describe("the live board", () => {
  it("shows a new report on the HQ's open board at once, with a visible alert, without reloading", async () => {
    const hq = await signedIn("hq");
    await expect.poll(() => hq.getByTestId("board-live").isVisible()).toBe(true);
    // The board has read its list before anything new is filed.
    await expect.poll(() => hq.getByTestId("board-fetching").count()).toBe(0);
    const rowsBefore = await hq.getByTestId("incident-row").count();
    // Another organisation user files a report through the API meanwhile.
    const signInRes = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "reporter", password: DEMO_PASSWORD }),
    });
    const cookie = (signInRes.headers.get("set-cookie") ?? "").split(";")[0];
    const filed = await fetch(`${server.baseUrl}/api/incidents`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "idempotency-key": crypto.randomUUID() },
      body: JSON.stringify({
        type: "explosion",
        occurredAt: new Date().toISOString(),
        territoryCode: "750000000",
        description: "Жарылыс",
      }),
    });
    const { regNumber } = (await filed.json()) as { regNumber: string };
    await expect
      .poll(() => hq.getByTestId("incident-arrived").first().textContent(), { timeout: 3000 })
      .toContain(regNumber);
    await expect.poll(() => hq.getByTestId("incident-row").count(), { timeout: 3000 }).toBe(rowsBefore + 1);
    // The picture by region is drawn for the HQ too (its own area).
    await expect.poll(() => hq.getByTestId("picture-map").locator("canvas").count()).toBe(1);
    expect(await hq.getByTestId("picture-regions").textContent()).toContain("Алматы");
    // Keyboard and filters: "/" goes to the filters, a kind filter narrows the board, "N" opens the form.
    await hq.locator("body").click({ position: { x: 5, y: 300 } });
    await hq.keyboard.press("/");
    expect(await hq.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("board-type");
    await hq.getByTestId("board-type").selectOption("explosion");
    await expect
      .poll(async () =>
        (await hq.getByTestId("incident-row").allTextContents()).every((t) => t.includes("Взрыв")),
      )
      .toBe(true);
    await hq.locator("body").click({ position: { x: 5, y: 300 } });
    await hq.keyboard.press("n");
    await expect.poll(() => hq.getByTestId("report-submit").isVisible()).toBe(true);
    await hq.context().close();
  });
});

describe("the live board after a lost connection", () => {
  it("catches up with the reports filed while it was away and announces each once", async () => {
    const hq = await signedIn("hq");
    await expect.poll(() => hq.getByTestId("board-live").isVisible()).toBe(true);
    const signInRes = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "reporter", password: DEMO_PASSWORD }),
    });
    const cookie = (signInRes.headers.get("set-cookie") ?? "").split(";")[0];
    // Different kinds and words: no wave groups them away from the board.
    const kinds = ["suspicious_object", "hostage_taking", "armed_attack"];
    const words = ["Сумка у входа в вокзал", "Захват заложников в офисе", "Стрельба на рынке"];
    let k = 0;
    const file = async () => {
      const i = k++;
      const res = await fetch(`${server.baseUrl}/api/incidents`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({
          type: kinds[i],
          occurredAt: new Date().toISOString(),
          territoryCode: "751710000",
          description: words[i],
        }),
      });
      return ((await res.json()) as { regNumber: string }).regNumber;
    };
    const arrived = () => hq.getByTestId("incident-arrived").allTextContents();
    const first = await file();
    await expect.poll(async () => (await arrived()).join(" "), { timeout: 5000 }).toContain(first);
    // The connection drops (every socket of the server closed) and stays down while two reports come.
    await hq.route("**/api/events/incidents*", (route) => route.abort());
    server.app.server.closeAllConnections();
    await expect.poll(() => hq.getByTestId("board-live").count(), { timeout: 10_000 }).toBe(0);
    const missed = [await file(), await file()];
    await hq.unroute("**/api/events/incidents*");
    // Back: the board is sent what it missed (Last-Event-ID) and announces each report once.
    const once = (texts: string[], n: string) => texts.filter((t) => t.includes(n)).length === 1;
    await expect
      .poll(
        async () => {
          const texts = await arrived();
          return missed.every((n) => once(texts, n));
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await expect.poll(() => hq.getByTestId("board-live").isVisible()).toBe(true);
    const texts = await arrived();
    for (const n of [first, ...missed]) expect(once(texts, n)).toBe(true);
    for (const n of missed)
      await expect
        .poll(async () => (await hq.getByTestId("incident-table").textContent()) ?? "")
        .toContain(n);
    await hq.context().close();
  });
});

describe("a counter-terrorist operation", () => {
  it("is declared from a report by the city HQ, gets forces and log entries, is taken over by the republican HQ and ended", async () => {
    const login = async (username: string) => {
      const r = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      return (r.headers.get("set-cookie") ?? "").split(";")[0];
    };
    const filed = await fetch(`${server.baseUrl}/api/incidents`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: await login("reporter"),
        "idempotency-key": crypto.randomUUID(),
      },
      body: JSON.stringify({
        type: "armed_attack",
        occurredAt: new Date().toISOString(),
        territoryCode: "751710000",
        description: "Қарулы шабуыл",
      }),
    });
    const incident = (await filed.json()) as { id: string };
    await fetch(`${server.baseUrl}/api/incidents/${incident.id}/actions`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await login("hq") },
      body: JSON.stringify({ action: "acknowledge", version: 1 }),
    });

    const hq = await signedIn("hq");
    await hq.goto(`${server.baseUrl}/response/${incident.id}`);
    await hq.getByTestId("operation-declare").click();
    // Draw the zone: three corners on the map.
    await expect.poll(() => hq.locator('[data-testid="zone-map"] canvas').count()).toBe(1);
    await hq.waitForTimeout(300);
    for (const [x, y] of [
      [200, 100],
      [260, 110],
      [230, 160],
    ])
      await hq.getByTestId("zone-map").click({ position: { x, y } });
    await expect.poll(() => hq.getByTestId("zone-corners").textContent()).toContain("3");
    await hq.getByTestId("operation-declare-confirm").click();
    await expect.poll(() => hq.locator('[data-testid="operation-zone-map"] canvas').count()).toBe(1);
    // The zone map is fitted to the drawn zone and its surroundings, not to the whole country: the
    // latitudes in view are at most twice the zone's (the country is several times taller than it).
    const opId = hq.url().split("/").pop() as string;
    const zone = (await hq.evaluate((id) => fetch(`/api/operations/${id}`).then((r) => r.json()), opId)) as {
      zoneArea: { coordinates: number[][][] };
    };
    const lats = zone.zoneArea.coordinates[0].map((p) => p[1]);
    const zoneSpan = Math.max(...lats) - Math.min(...lats);
    await expect
      .poll(
        () =>
          hq.getByTestId("operation-zone-map").evaluate((el) => {
            const m = (
              el as HTMLElement & { __map?: { getBounds(): { getSouth(): number; getNorth(): number } } }
            ).__map;
            return m ? m.getBounds().getNorth() - m.getBounds().getSouth() : 180;
          }),
        { timeout: 10_000 },
      )
      .toBeLessThan(2 * zoneSpan + 0.1);
    // No forces yet: the section says so instead of standing empty.
    expect(await hq.getByTestId("forces-none").textContent()).toBe(ru.operations.forcesNone);
    await expect
      .poll(() => hq.getByTestId("operation-hq").textContent())
      .toBe("Оперативный штаб города Алматы");
    await hq.getByTestId("force-add").click();
    await hq.getByTestId("force-search").fill("пожарн");
    await expect.poll(() => hq.getByTestId("force-body").locator("option").count()).toBeGreaterThan(1);
    const value = await hq.getByTestId("force-body").locator("option").nth(1).getAttribute("value");
    await hq.getByTestId("force-body").selectOption(value!);
    await hq.getByTestId("force-save").click();
    await expect.poll(() => hq.getByTestId("force-row").count()).toBe(1);
    await hq.getByTestId("log-type").selectOption("cordon");
    await hq.getByTestId("log-text").fill("Аймақ қоршалды");
    await hq.getByTestId("log-add").click();
    await expect.poll(() => hq.getByTestId("log-row").count()).toBeGreaterThan(2);
    // The system's entries read in the page's language (the officer's: Russian), not as stored English text.
    const logText = (await hq.getByTestId("log-table").textContent()) ?? "";
    expect(logText).toContain("Объявлена контртеррористическая операция");
    expect(logText).toContain("Мероприятия по оцеплению — Аймақ қоршалды");
    expect(logText).not.toMatch(/declared|forces requested/);
    // The commanding HQ can go on to the consequence plans for this operation (R20–R21).
    const activate = await hq.getByTestId("operation-activate-plans").getAttribute("href");
    expect(activate).toBe(`/consequences?tab=activations&operation=${hq.url().split("/").pop()}`);
    const opUrl = hq.url();
    // The board's list of operations has its columns named; on a phone each operation is a card whose
    // start of the regime stays on the screen (five columns pushed it off a 390 px page).
    await hq.getByTestId("nav-response").click();
    await expect
      .poll(() => hq.getByTestId("operations-table").locator("th").allTextContents())
      .toEqual([
        ru.operations.numberCol,
        ru.operations.name,
        ru.response.status,
        ru.operations.commandingHq,
        ru.operations.regimeStartedAt,
      ]);
    await hq.setViewportSize({ width: 390, height: 800 });
    const started = hq.getByTestId("operation-started").first();
    await expect.poll(() => started.textContent()).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d · /);
    const box = await started.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(390);
    expect(await hq.evaluate(() => document.scrollingElement?.scrollWidth)).toBeLessThanOrEqual(390);
    await hq.context().close();

    const rep = await signedIn("hqrep");
    await rep.goto(opUrl);
    await rep.getByTestId("operation-take-over").click();
    await expect
      .poll(() => rep.getByTestId("operation-hq").textContent())
      .toBe("Республиканский оперативный штаб");
    await rep.getByTestId("operation-end").click();
    await rep.getByTestId("operation-outcome").fill("Қауіп жойылды");
    await rep.getByTestId("operation-end-confirm").click();
    await expect.poll(() => rep.getByTestId("operation-status").textContent()).toBe("Завершена");
    await expect
      .poll(() => rep.getByTestId("force-status").first().textContent())
      .toBe("Освобождены от задачи");
    const download = rep.waitForEvent("download");
    await rep.getByTestId("export-pdf").click();
    expect((await download).suggestedFilename()).toMatch(/^operation-\d{4}-\d{4}\.pdf$/);
    // The report leads to the operation it was taken into, by the operation's title, for those who may
    // open it; the reporter, who may not (R14), sees no link at all rather than a dead one.
    const opTitle = (await rep.getByTestId("operation-title").textContent()) ?? "";
    await rep.goto(`${server.baseUrl}/response/${incident.id}`);
    const link = rep.getByTestId("incident-operation");
    await expect.poll(() => link.getAttribute("href")).toBe(new URL(opUrl).pathname);
    expect(opTitle).toContain(await link.textContent());
    await rep.context().close();
    const reporter = await signedIn("reporter");
    await reporter.goto(`${server.baseUrl}/response/${incident.id}`);
    await reporter.getByTestId("incident-title").waitFor();
    await reporter.waitForLoadState("networkidle");
    expect(await reporter.getByTestId("incident-operation").count()).toBe(0);
    await reporter.context().close();
  });
});

describe("a wave of false threats", () => {
  it("shows as one campaign with a live count and is closed in one action", async () => {
    const r = await fetch(`${server.baseUrl}/api/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "reporter", password: DEMO_PASSWORD }),
    });
    const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0];
    const file = () =>
      fetch(`${server.baseUrl}/api/incidents`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "idempotency-key": crypto.randomUUID() },
        body: JSON.stringify({
          type: "threat_message",
          occurredAt: new Date().toISOString(),
          territoryCode: "750000000",
          description: "Ғимаратта жарылғыш құрылғы қойылды, 30 минуттан кейін жарылады (browser wave)",
        }),
      });
    await file();
    await file();
    const hq = await signedIn("hq");
    const card = hq.getByTestId("campaign-row").filter({ hasText: "browser wave" });
    await expect.poll(() => card.getByTestId("campaign-count").textContent()).toContain("Сообщений: 2");
    await file(); // the count follows the wave live
    await expect
      .poll(() => card.getByTestId("campaign-count").textContent(), { timeout: 5000 })
      .toContain("Сообщений: 3");
    await card.getByTestId("campaign-close").click();
    await expect.poll(() => hq.getByTestId("campaign-closed").textContent()).toContain("3");
    await hq.context().close();
  });
});
