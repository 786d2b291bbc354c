/**
 * The consequence forms in the browser (R20–R23; Law No. 94-V): the commanding HQ goes from its
 * operation's page to the activation form with the operation preset and activates a plan; from a report's
 * page likewise with the report preset; on the board it requests forces and means of a body, which
 * the force commits (who and how many, when), moves en route and on site, and the HQ releases (the
 * operation forces' states); on the operation's own page the force commits itself likewise. A force's
 * coordinator edits personnel and means and confirms readiness in the force dialog; a health
 * organisation's coordinator updates its beds (R23). The case's HQ grants a commission member access to
 * the persons of a case on the access screen — the member opens the person — and revokes it: 404.
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIin } from "../../src/server/modules/affected-people/affected-people.seed";
import { createUser } from "../../src/server/modules/auth/users.service";
import { systemContext } from "../../src/server/platform/context";
import { launchBrowser, signInPage } from "../support/browser";
import { ALMATY, findBodyId } from "../support/fixtures";
import { type Client, signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let secretary: Client;
let hqApi: Client;
let forcesApi: Client;
let forceId: string;
let forceName: string;

const PW = "a-long-test-password";
const PLAN = "Вокзал жоспары (browser forms)";

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  [secretary, hqApi, forcesApi] = await Promise.all(
    ["secretary", "hq", "forces"].map((u) => signIn(server.app, u)),
  );
  const me = (await forcesApi.get("/api/auth/me")).json();
  forceId = me.grants[0].bodyId;
  forceName = me.grants[0].bodyName.ru;
  const plan = await secretary.post("/api/consequences/plans", {
    territory: ALMATY,
    title: PLAN,
    scenario: "explosion",
    objectId: null,
    forecast: { casualties: { severe: 1, moderate: 2, light: 4 }, areaHa: 1, evacuate: 100, hazards: [] },
    reviewDate: null,
    tasks: [
      {
        mainTask: "prevent_loss_of_life",
        activity: "rescue_firefighting",
        title: "Вокзалдан адамдарды эвакуациялау",
        responsibleBodyId: forceId,
        normMinutes: 30,
      },
    ],
  });
  expect(plan.statusCode, plan.body).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Type into a body picker's search and choose the body with this id once it is offered. */
async function pickBodyById(page: Page, search: string, select: string, text: string, id: string) {
  await page.getByTestId(search).fill(text);
  await expect
    .poll(() => page.getByTestId(select).locator(`option[value="${id}"]`).count(), { timeout: 10_000 })
    .toBe(1);
  await page.getByTestId(select).selectOption(id);
}

/** Choose the plan in the activation form and activate; the board opens. */
async function activateFromForm(page: Page) {
  await page.getByTestId("activate-plans").click();
  await page.getByRole("option", { name: new RegExp(PLAN.replace(/[()]/g, ".")) }).click();
  await page.keyboard.press("Escape");
  await page.getByTestId("plan-activate").click();
  await page.getByTestId("activation-board").waitFor();
}

describe("activating from the operation's and the report's pages", () => {
  it("the operation's 'Activate plans' presets it; the HQ requests forces; they move to released", async () => {
    const op = await hqApi.post("/api/operations", {
      title: "Вокзалдағы оқиға (browser forms)",
      goals: ["minimise_consequences"],
      zoneTerritories: [ALMATY],
    });
    expect(op.statusCode, op.body).toBe(201);
    const { id: opId, number: opNumber } = op.json() as { id: string; number: string };

    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/operations/${opId}`);
    await hq.getByTestId("operation-activate-plans").click();
    await hq.getByTestId("activate-form").waitFor();
    await expect.poll(() => hq.getByTestId("activate-operation").inputValue()).toContain(opNumber);
    await activateFromForm(hq);
    expect(await hq.getByTestId("activation-board").getAttribute("data-view")).toBe("full");
    await expect.poll(() => hq.getByTestId("activation-board").textContent()).toContain(opNumber);
    const boardUrl = hq.url();

    // A request for forces and means of a body, made on the board.
    await hq.getByTestId("open-request").click();
    await pickBodyById(hq, "request-body-search", "request-body", forceName.slice(0, 12), forceId);
    await hq.getByTestId("request-means").fill("2 автокөлік, 10 құтқарушы");
    await hq.getByTestId("request-save").click();
    const hqRow = hq.getByTestId("request-row").filter({ hasText: "10 құтқарушы" });
    await expect.poll(() => hqRow.getAttribute("data-status")).toBe("requested");
    // The HQ may withdraw the request, not commit the force for it.
    expect(await hqRow.getByTestId("request-committed").count()).toBe(0);
    await hqRow.getByTestId("request-released").waitFor();

    // The force commits (who and how many, when), then moves: en route, on site.
    const force = await signInPage(browser, server.baseUrl, "forces");
    await force.goto(boardUrl);
    const forceRow = force.getByTestId("request-row").filter({ hasText: "10 құтқарушы" });
    expect(await forceRow.getByTestId("request-en_route").count()).toBe(0);
    await forceRow.getByTestId("request-committed").click();
    await forceRow.getByTestId("request-commit-note").fill("1 экипаж, 6 құтқарушы");
    await forceRow.getByTestId("request-commit-eta").fill("25.12.2030 10:30");
    await forceRow.getByTestId("request-commit-note").click(); // the date field takes the typed text on blur
    await forceRow.getByTestId("request-commit-submit").click();
    await expect.poll(() => forceRow.getAttribute("data-status")).toBe("committed");
    await expect
      .poll(() => forceRow.getByTestId("request-status-commitment").textContent())
      .toContain("25.12.2030 10:30");
    // The HQ's board hears the commitment.
    await expect.poll(() => hqRow.getAttribute("data-status"), { timeout: 15_000 }).toBe("committed");
    expect(await hqRow.getByTestId("request-status-commitment").textContent()).toContain(
      "1 экипаж, 6 құтқарушы",
    );
    await forceRow.getByTestId("request-en_route").click();
    await expect.poll(() => forceRow.getAttribute("data-status")).toBe("en_route");
    await forceRow.getByTestId("request-on_site").click();
    await expect.poll(() => forceRow.getAttribute("data-status")).toBe("on_site");

    // The HQ's board hears it; the HQ releases the force.
    await expect.poll(() => hqRow.getAttribute("data-status"), { timeout: 15_000 }).toBe("on_site");
    await hqRow.getByTestId("request-released").click();
    await expect.poll(() => hqRow.getAttribute("data-status")).toBe("released");
    expect(await hqRow.getByRole("button").count()).toBe(0);
    const rows = await server.database.query<{
      status: string;
      committed_at: Date | null;
      commit_note: string;
      eta: Date | null;
      on_site_at: Date | null;
      released_at: Date | null;
    }>(
      "select status, committed_at, commit_note, eta, on_site_at, released_at from consequence_request where means = $1",
      ["2 автокөлік, 10 құтқарушы"],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("released");
    expect(rows[0].committed_at).not.toBeNull();
    expect(rows[0].commit_note).toBe("1 экипаж, 6 құтқарушы");
    expect(new Date(rows[0].eta ?? 0).toISOString()).toBe("2030-12-25T05:30:00.000Z"); // 10:30 in Almaty
    expect(rows[0].on_site_at).not.toBeNull();
    expect(rows[0].released_at).not.toBeNull();
    await hq.context().close();
    await force.context().close();
  });

  it("on the operation's page the force commits itself, then reports en route; the HQ sees the commitment", async () => {
    const op = await hqApi.post("/api/operations", {
      title: "Саябақтағы оқиға (browser forms)",
      goals: ["minimise_consequences"],
      zoneTerritories: [ALMATY],
    });
    expect(op.statusCode, op.body).toBe(201);
    const opId = (op.json() as { id: string }).id;
    const added = await hqApi.post(`/api/operations/${opId}/forces`, { bodyId: forceId, note: "" });
    expect(added.statusCode, added.body).toBe(200);

    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/operations/${opId}`);
    const hqRow = hq.getByTestId("force-row");
    await hqRow.getByTestId("force-released").waitFor();
    expect(await hqRow.getByTestId("force-committed").count()).toBe(0); // the HQ does not commit for it

    const force = await signInPage(browser, server.baseUrl, "forces");
    await force.goto(`${server.baseUrl}/operations/${opId}`);
    const row = force.getByTestId("force-row");
    await row.getByTestId("force-committed").click();
    await row.getByTestId("force-commit-note").fill("2 экипаж, 9 адам");
    await row.getByTestId("force-commit-submit").click();
    await expect.poll(() => row.getByTestId("force-status").textContent()).toBe("Подтверждено выделение");
    await expect
      .poll(() => hqRow.getByTestId("force-status").textContent(), { timeout: 15_000 })
      .toBe("Подтверждено выделение");
    expect(await hqRow.getByTestId("force-status-commitment").textContent()).toBe("2 экипаж, 9 адам");
    await row.getByTestId("force-en_route").click();
    await expect.poll(() => row.getByTestId("force-status").textContent()).toBe("В пути");
    await expect.poll(() => force.getByTestId("log-table").textContent()).toContain("Подтверждено выделение");
    await hq.context().close();
    await force.context().close();
  });

  it("the report's 'Activate plans' presets the report", async () => {
    const inc = await hqApi.post(
      "/api/incidents",
      {
        type: "explosion",
        occurredAt: new Date(Date.now() - 600_000).toISOString(),
        territoryCode: ALMATY,
        description: "Вокзалдағы жарылыс (browser forms)",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(inc.statusCode, inc.body).toBe(201);
    const { id, regNumber } = inc.json() as { id: string; regNumber: string };
    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/response/${id}`);
    await hq.getByTestId("incident-activate-plans").click();
    await hq.getByTestId("activate-form").waitFor();
    await expect.poll(() => hq.getByTestId("activate-incident").inputValue()).toContain(regNumber);
    await activateFromForm(hq);
    await expect.poll(() => hq.getByTestId("activation-board").textContent()).toContain(regNumber);
    const [a] = await server.database.query<{ incident_id: string }>(
      "select incident_id from consequence_activation where incident_number = $1",
      [regNumber],
    );
    expect(a.incident_id).toBe(id);
    // A force's coordinator is offered no such link.
    const force = await signInPage(browser, server.baseUrl, "forces");
    await force.goto(`${server.baseUrl}/response/${id}`);
    await force.waitForLoadState("networkidle");
    expect(await force.getByTestId("incident-activate-plans").count()).toBe(0);
    await hq.context().close();
    await force.context().close();
  });
});

describe("the force dialog (R22, R23)", () => {
  it("the coordinator edits personnel and means and confirms readiness", async () => {
    const page = await signInPage(browser, server.baseUrl, "forces");
    await page.goto(`${server.baseUrl}/consequences?tab=forces`);
    const row = page.locator(`[data-testid="force-row"][data-id="${forceId}"]`);
    // The board fits a 1280 px page: the forces' names wrap (the beds column was pushed off the edge).
    await page.setViewportSize({ width: 1280, height: 800 });
    await row.waitFor();
    expect(
      await page
        .getByTestId("forces-table")
        .evaluate((t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0)),
    ).toBeLessThanOrEqual(0);
    await row.getByTestId("force-open").click();
    const dialog = page.getByTestId("force-dialog");
    await dialog.getByTestId("force-tab-details").click();
    await dialog.getByTestId("force-personnel").fill("37");
    await dialog.getByTestId("add-means").click();
    await dialog.getByTestId("means-count").last().fill("4");
    await dialog.getByTestId("force-save").click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => row.textContent()).toContain("37");
    await expect.poll(() => row.textContent()).toMatch(/× 4/);

    await row.getByTestId("force-open").click();
    await dialog.getByTestId("force-tab-readiness").click();
    await dialog.getByTestId("readiness-history").waitFor();
    const before = await dialog.getByTestId("readiness-entry").count();
    await dialog.getByTestId("readiness-level").click();
    await page.getByRole("option", { name: "ограниченно готова", exact: true }).click();
    await dialog.getByTestId("readiness-note").fill("Бір автокөлік жөндеуде");
    await dialog.getByTestId("readiness-confirm").click();
    await expect.poll(() => dialog.getByTestId("readiness-entry").count()).toBe(before + 1);
    await expect.poll(() => dialog.getByTestId("readiness-history").textContent()).toContain("жөндеуде");
    // Who confirmed it is named with their body, as the audit log names people: "Full name (Body)".
    const me = (await forcesApi.get("/api/auth/me")).json();
    await expect
      .poll(() => dialog.getByTestId("readiness-entry").first().getByTestId("person-name").textContent())
      .toBe(`${me.user.displayName} (${me.grants[0].bodyName.ru})`);
    const [p] = await server.database.query<{ personnel: number; readiness: string }>(
      "select personnel, readiness from consequence_force where body_id = $1",
      [forceId],
    );
    expect(p).toMatchObject({ personnel: 37, readiness: "limited" });
    await page.context().close();
  });

  it("a health organisation's coordinator updates its free beds (R23)", async () => {
    const admin = await signIn(server.app, "admin");
    const medicalId = await findBodyId(
      admin,
      `kind=response_force&subtype=emergency_medical&territory=${ALMATY}`,
    );
    await createUser(server.database, systemContext("test"), {
      username: "medical-coord-forms",
      displayName: "Медицина үйлестірушісі (test)",
      password: PW,
      grants: [{ role: "response_force_coordinator", bodyId: medicalId, territoryCode: ALMATY }],
    });
    const context = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.baseUrl);
    await page.getByTestId("lang-ru").click();
    await page.getByTestId("signin-username").fill("medical-coord-forms");
    await page.getByTestId("signin-password").fill(PW);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("current-user").waitFor();
    await page.goto(`${server.baseUrl}/consequences?tab=forces`);
    const row = page.locator(`[data-testid="force-row"][data-id="${medicalId}"]`);
    await row.getByTestId("force-open").click();
    const dialog = page.getByTestId("force-dialog");
    await dialog.getByTestId("force-tab-beds").click();
    const trauma = dialog.locator('[data-testid="bed-row"][data-profile="trauma"]');
    await trauma.getByTestId("bed-total").fill("20");
    await trauma.getByTestId("bed-free").fill("7");
    await dialog.getByTestId("beds-save").click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => row.textContent()).toContain("7/20");
    const beds = await server.database.query<{ total: number; free: number }>(
      "select total, free from consequence_beds where body_id = $1 and profile = 'trauma'",
      [medicalId],
    );
    expect(beds).toEqual([{ total: 20, free: 7 }]);
    await context.close();
  });
});

describe("the access-grant screen (Law No. 94-V)", () => {
  it("the HQ grants a member access to a case's persons; the member opens one; revoked: 404", async () => {
    const victims = await signIn(server.app, "victims");
    const admin = await signIn(server.app, "admin");
    const inc = await hqApi.post(
      "/api/incidents",
      {
        type: "explosion",
        occurredAt: new Date(Date.now() - 900_000).toISOString(),
        territoryCode: ALMATY,
        description: "Жарылыс (рұқсат экраны)",
      },
      { "idempotency-key": randomUUID() },
    );
    expect(inc.statusCode, inc.body).toBe(201);
    const caseId = inc.json().id as string;
    const reg = await victims.post(`/api/affected-people/cases/${caseId}/persons`, {
      role: "victim",
      iin: demoIin("1994-02-14", "female", 4101),
      surname: "Оразалиева",
      givenName: "Жанар",
      birthDate: "1994-02-14",
      status: {
        status: "injured",
        severity: "light",
        at: new Date(Date.now() - 600_000).toISOString(),
        bodyId: await findBodyId(admin, `kind=response_force&subtype=emergency_medical&territory=${ALMATY}`),
      },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const personId = reg.json().person.id as string;
    const memberMe = (await (await signIn(server.app, "member")).get("/api/auth/me")).json();
    const commissionId = memberMe.grants[0].bodyId as string;
    const commissionName = memberMe.grants[0].bodyName.ru as string;
    const memberName = memberMe.user.displayName as string;

    const hq = await signInPage(browser, server.baseUrl, "hq");
    await hq.goto(`${server.baseUrl}/consequences/people`);
    const caseRow = hq.locator(`[data-testid="affected-case"][data-incident="${caseId}"]`);
    await caseRow.getByTestId("case-access-open").click();
    await hq.getByTestId("case-access").waitFor();
    await pickBodyById(hq, "access-body-search", "access-body", commissionName.slice(0, 20), commissionId);
    await hq.getByTestId("access-user").click();
    await hq.getByRole("option", { name: memberName }).click();
    await hq.getByTestId("access-submit").click();
    const grant = hq.locator(`[data-testid="access-grant"][data-user="${memberName}"]`);
    await expect.poll(() => grant.getAttribute("data-state")).toBe("active");
    // The page never shows a person's name to the HQ.
    expect(await hq.content()).not.toContain("Оразалиева");

    const member = await signInPage(browser, server.baseUrl, "member");
    await member.goto(`${server.baseUrl}/consequences/people`);
    await member
      .locator(`[data-testid="affected-case"][data-incident="${caseId}"]`)
      .getByTestId("open-case")
      .click();
    await member.getByTestId("person-row").filter({ hasText: "Оразалиева" }).click();
    await expect.poll(() => member.getByTestId("person-card").textContent()).toContain("Жанар");

    await grant.getByTestId("access-revoke").click();
    await expect.poll(() => grant.getAttribute("data-state")).toBe("revoked");
    const after = await member.request.get(`${server.baseUrl}/api/affected-people/persons/${personId}`);
    expect(after.status()).toBe(404);
    await member.goto(`${server.baseUrl}/consequences/people`);
    const memberCase = member.locator(`[data-testid="affected-case"][data-incident="${caseId}"]`);
    await memberCase.waitFor();
    expect(await memberCase.getByTestId("open-case").count()).toBe(0);
    const audit = await server.database.query<{ action: string }>(
      "select action from audit_event where action in ('affected_person.access_granted', 'affected_person.access_revoked') and territory_path like 'KZ/750000000%' order by id",
    );
    expect(audit.map((a) => a.action).slice(-2)).toEqual([
      "affected_person.access_granted",
      "affected_person.access_revoked",
    ]);
    await hq.context().close();
    await member.context().close();
  });
});
