/**
 * Consequences in the browser (R21, R22): the city HQ activates a plan from its operation on the plan's
 * page; the response force's coordinator, whose page is already open, sees the task arrive without
 * reloading, accepts, starts and finishes it; the HQ's board shows it done, live.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
