/**
 * Consequences in the browser (R5, R21, R22): the city HQ activates a plan from its operation on the
 * plan's page; the response force's coordinator, whose page is already open, sees the task arrive
 * without reloading, accepts, starts and finishes it; the HQ's board shows it done, live. The
 * secretary approves a plan by picking the signed protocol decision from the list; on an activation
 * the HQ drafts a public statement (R21.3) and the secretary approves it.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ru from "../../src/web/i18n/ru.json" with { type: "json" };
import { launchBrowser, signInPage } from "../support/browser";
import { ALMATY } from "../support/fixtures";
import { signIn } from "../support/http";
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

describe("activating a plan from an operation", () => {
  it("reaches the force's open page live; its moves reach the HQ's board", async () => {
    const [secretary, hqApi, forcesApi] = await Promise.all(
      ["secretary", "hq", "forces"].map((u) => signIn(server.app, u)),
    );
    const forceId = (await forcesApi.get("/api/auth/me")).json().grants[0].bodyId as string;
    const title = "Көпірдегі жарылыс: зардап шеккендерді эвакуациялау";
    const plan = await secretary.post("/api/consequences/plans", {
      territory: ALMATY,
      title: "Көпір жоспары (browser)",
      scenario: "explosion",
      objectId: null,
      forecast: { casualties: { severe: 1, moderate: 1, light: 3 }, areaHa: 1, evacuate: 50, hazards: [] },
      reviewDate: null,
      tasks: [
        {
          mainTask: "prevent_loss_of_life",
          activity: "rescue_firefighting",
          title,
          responsibleBodyId: forceId,
          normMinutes: 20,
        },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const op = await hqApi.post("/api/operations", {
      title: "Көпірдегі оқиға (browser)",
      goals: ["minimise_consequences"],
      zoneTerritories: [ALMATY],
    });
    expect(op.statusCode, op.body).toBe(201);
    const opNumber = op.json().number as string;

    // The force's coordinator has its tasks open.
    const force = await signInPage(browser, server.baseUrl, "forces");
    await force.getByTestId("nav-consequences").click();
    await force.getByTestId("consequences-tab-mine").click();

    // The HQ activates the plan from its operation.
    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/consequences/plans/${plan.json().id}`);
    await hq.getByTestId("activate-operation").click();
    await hq.getByRole("option", { name: new RegExp(opNumber) }).click();
    await hq.getByTestId("plan-activate").click();
    await hq.getByTestId("activation-board").waitFor();
    expect(await hq.getByTestId("activation-board").getAttribute("data-view")).toBe("full");
    await expect.poll(() => hq.getByText(opNumber).count()).toBeGreaterThan(0);

    // It reaches the force without a reload; the force moves it to done.
    const row = force.getByTestId("live-task").filter({ hasText: title });
    await row.waitFor({ timeout: 15_000 });
    for (const action of ["accept", "start", "finish"]) {
      await row.getByTestId(`task-${action}`).click();
      await expect.poll(() => row.getByTestId(`task-${action}`).count()).toBe(0);
    }
    await expect.poll(() => row.getAttribute("data-status")).toBe("done");

    // The HQ's open board hears it.
    const hqRow = hq.getByTestId("live-task").filter({ hasText: title });
    await expect.poll(() => hqRow.getAttribute("data-status"), { timeout: 15_000 }).toBe("done");
  });
});

describe("approving by a picked decision; a public statement drafted and approved (R5, R21.3)", () => {
  it("the secretary picks the signed decision by its words; the HQ drafts, the secretary publishes", async () => {
    const [secretary, hqApi] = await Promise.all(["secretary", "hq"].map((u) => signIn(server.app, u)));
    const commissionId = (await secretary.get("/api/auth/me")).json().grants[0].bodyId as string;
    let m = (
      await secretary.post("/api/meetings", {
        bodyId: commissionId,
        heldAt: "2026-02-12T10:00:00+05:00",
        agenda: [{ title: "Жоспарлар туралы (browser)", speakers: [] }],
      })
    ).json();
    m = (
      await secretary.post(`/api/meetings/${m.id}/decisions`, { text: "Өзен жағалауы жоспары бекітілсін." })
    ).json();
    m = (await secretary.post(`/api/meetings/${m.id}/sign`, { version: m.version })).json();
    expect(m.status, JSON.stringify(m)).toBe("held");
    const plan = await secretary.post("/api/consequences/plans", {
      territory: ALMATY,
      title: "Өзен жағалауы жоспары (browser)",
      scenario: "other",
      objectId: null,
      forecast: { casualties: { severe: 0, moderate: 1, light: 2 }, areaHa: 1, evacuate: 10, hazards: [] },
      reviewDate: null,
      tasks: [],
    });
    expect(plan.statusCode, plan.body).toBe(201);

    const sec = await signInPage(browser, server.baseUrl, "secretary");
    await sec.goto(`${server.baseUrl}/consequences/plans/${plan.json().id}`);
    await sec.getByTestId("plan-decision").click();
    await sec.getByTestId("plan-decision").fill("Өзен жағалауы");
    await sec.getByRole("option", { name: /Өзен жағалауы жоспары бекітілсін/ }).click();
    await sec.getByTestId("plan-approve").click();
    await expect.poll(() => sec.getByTestId("plan-view").getAttribute("data-status")).toBe("approved");
    await expect.poll(() => sec.getByTestId("plan-approval").textContent()).toMatch(/\d+\/1\.1/);
    // Versions and the PDF's languages read as words, not "v1" and "(kk)".
    const planText = (await sec.getByTestId("plan-view").textContent()) ?? "";
    expect(planText).toContain(`${ru.consequences.plan.versionShort.replace("{{n}}", "1")}:`);
    expect(planText).not.toMatch(/\bv1\b|\((kk|ru)\)/);
    expect(planText).toContain("PDF (Қазақша)");

    const act = await hqApi.post("/api/consequences/activations", { planIds: [plan.json().id] });
    expect(act.statusCode, act.body).toBe(201);
    const board = `${server.baseUrl}/consequences/activations/${act.json().id}`;
    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(board);
    await hq.getByTestId("open-statement-form").click();
    await hq.getByTestId("statement-kk").fill("Жағалаудағы жағдай бақылауда.");
    await hq.getByTestId("statement-ru").fill("Ситуация на набережной под контролем.");
    await hq.getByTestId("statement-save").click();
    const drafted = hq.getByTestId("statement").first();
    await expect.poll(() => drafted.getAttribute("data-status")).toBe("draft");
    // The board's casualties are named counts, not bare "0 / 0 / 0 / 0"; the plan's version is a word.
    const boardText = (await hq.getByTestId("activation-board").textContent()) ?? "";
    expect(await hq.getByTestId("board-casualties").textContent()).toBe(
      `${ru.consequences.board.injured}: 0 · ${ru.consequences.board.hospitalised}: 0 · ${ru.consequences.board.deceased}: 0 · ${ru.consequences.board.missing}: 0`,
    );
    expect(boardText).toContain(`(${ru.consequences.plan.versionShort.replace("{{n}}", "1")})`);
    expect(boardText).not.toMatch(/\(v1\b|\((kk|ru)\)/);
    // The author is named by their account ("Full name (Body)"), not by the name stored with the
    // statement (the demo seed stored logins such as "hq").
    await server.database.query("update consequence_statement set author_name = 'hq'");
    await hq.reload();
    const hqMe = (await hqApi.get("/api/auth/me")).json();
    await expect
      .poll(() => hq.getByTestId("statement").first().getByTestId("statement-author").textContent())
      .toBe(`${hqMe.user.displayName} (${hqMe.grants[0].bodyName.ru})`);
    // The author cannot approve it.
    expect(await drafted.getByTestId("statement-approve").count()).toBe(0);

    await sec.goto(board);
    const row = sec.getByTestId("statement").first();
    await row.getByTestId("statement-approve").click();
    await expect.poll(() => row.getAttribute("data-status")).toBe("approved");
    // The HQ's open board hears it.
    await expect.poll(() => drafted.getAttribute("data-status"), { timeout: 15_000 }).toBe("approved");
  });
});
