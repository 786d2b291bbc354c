/**
 * Prevention in the browser: a secretary drafts and approves a plan; holds a meeting, prints
 * its protocol, assigns decisions; the member body reports; the controller accepts one and returns
 * another; an overdue one escalates to the ATC. A district secretary's overdue assignment escalates to
 * the region's commission, and the national dashboard goes down to the region and the district.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runControl } from "../../src/server/modules/prevention/assignments.control";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
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

describe("a plan of measures", () => {
  it("is drafted, gets a measure from the catalogue and is approved by the chair's decision", async () => {
    const page = await (await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(server.baseUrl);
    await page.getByTestId("lang-ru").click();
    await page.getByTestId("signin-username").fill("secretary");
    await page.getByTestId("signin-password").fill(DEMO_PASSWORD);
    await page.getByTestId("signin-submit").click();
    await page.getByTestId("nav-prevention").click();
    await page.getByTestId("plan-new").click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Проект");
    await page.getByTestId("measure-add").click();
    await page.getByTestId("measure-category").selectOption("organisational");
    await page.getByTestId("measure-subtype").selectOption("exercises_and_drills");
    await page.getByTestId("measure-title").fill("Учения по эвакуации в торговых центрах");
    await page.getByTestId("measure-body-search").fill("полиции");
    await expect.poll(() => page.getByTestId("measure-body").locator("option").count()).toBeGreaterThan(1);
    const value = await page.getByTestId("measure-body").locator("option").nth(1).getAttribute("value");
    await page.getByTestId("measure-body").selectOption(value!);
    await page.getByTestId("measure-save").click();
    await expect.poll(() => page.getByTestId("measure-row").count()).toBe(1);
    expect(await page.getByTestId("measure-row").textContent()).toContain("R10.3");
    // A propaganda measure with an R12 goal, an R13 partner and a co-executor: set, saved, seen after a reload.
    await page.getByTestId("measure-add").click();
    await page.getByTestId("measure-category").selectOption("propaganda");
    await page.getByTestId("measure-subtype").selectOption("social_advertising");
    await page.getByTestId("measure-title").fill("Социальная реклама против терроризма");
    await page.getByTestId("measure-body-search").fill("полиции");
    await expect.poll(() => page.getByTestId("measure-body").locator("option").count()).toBeGreaterThan(1);
    const police = await page.getByTestId("measure-body").locator("option").nth(1).getAttribute("value");
    await page.getByTestId("measure-body").selectOption(police!);
    await page.getByTestId("measure-goal-explain_danger").check();
    await page.getByTestId("measure-partners-search").fill("объединение");
    const partnerPick = page.getByTestId("measure-partners-pick");
    await expect.poll(() => partnerPick.locator("option").count()).toBeGreaterThan(1);
    const partnerName = (await partnerPick.locator("option").nth(1).textContent())!;
    await partnerPick.selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId("measure-partners-chosen").count()).toBe(1);
    await page.getByTestId("measure-coexecutors-search").fill("акимат");
    const coPick = page.getByTestId("measure-coexecutors-pick");
    await expect.poll(() => coPick.locator("option").count()).toBeGreaterThan(1);
    const coName = (await coPick.locator("option").nth(1).textContent())!;
    await coPick.selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId("measure-coexecutors-chosen").count()).toBe(1);
    await page.getByTestId("measure-save").click();
    await expect.poll(() => page.getByTestId("measure-row").count()).toBe(2);
    await page.reload();
    const row = page.getByTestId("measure-row").nth(1);
    await expect.poll(() => row.getByTestId("measure-row-goals").textContent()).toContain("(R12)");
    expect(await row.getByTestId("measure-row-partners").textContent()).toContain(partnerName);
    expect(await row.getByTestId("measure-row-coexecutors").textContent()).toContain(coName);
    // The amendment form shows what was set, and sends it back unless changed.
    await row.getByTestId("measure-edit").click();
    await expect.poll(() => page.getByTestId("measure-partners-chosen").textContent()).toBe(partnerName);
    expect(await page.getByTestId("measure-goal-explain_danger").isChecked()).toBe(true);
    await page.keyboard.press("Escape");
    await page.getByTestId("plan-decision").fill("Протокол №1 от 15.01");
    await page.getByTestId("plan-approve").click();
    await expect.poll(() => page.getByTestId("plan-status").textContent()).toBe("Утверждён");
    await page.context().close();
  });
});

async function signedIn(username: string): Promise<Page> {
  const page = await signInPage(browser, server.baseUrl, username);
  return page;
}

describe("a meeting, its protocol and assignments under control (R5)", () => {
  it("goes from the agenda to a signed protocol, reports, acceptance, return and escalation", async () => {
    const [{ name }] = await server.database.query<{ name: string }>(
      `select b.name_ru as name from app_user u join role_grant g on g.user_id = u.id
       join body b on b.id = g.body_id where u.username = 'member'`,
    );
    const sec = await signedIn("secretary");
    await sec.getByTestId("nav-prevention").click();
    await sec.getByTestId("tab-meetings").click();
    await sec.getByTestId("meeting-held-at").fill("2026-01-05T10:00");
    await sec.getByTestId("meeting-place").fill("Акимат г. Алматы, зал заседаний");
    await sec.getByTestId("meeting-chair").fill("Тестов Т.Т.");
    await sec
      .getByTestId("meeting-agenda")
      .fill("О защищённости торговых центров\nО профилактике среди молодёжи");
    await sec.getByTestId("meeting-create").click();
    await expect.poll(() => sec.getByTestId("meeting-status").textContent()).toBe("Запланировано");

    await sec.getByTestId("attendance-present").first().check();
    await sec.getByTestId("attendance-save").click();
    await expect.poll(() => sec.getByTestId("attendance-present").first().isChecked()).toBe(true);

    const decide = async (text: string, deadline: string) => {
      await sec.getByTestId("decision-text").fill(text);
      await sec.getByTestId("decision-executors").click();
      await sec.getByRole("listbox", { name: "Исполнитель" }).getByRole("option", { name }).click();
      await sec.keyboard.press("Escape");
      await sec.getByTestId("decision-deadline").fill(deadline);
      await sec.getByTestId("decision-add").click();
    };
    await decide("Провести учения по эвакуации в торговых центрах.", "2099-03-31");
    await expect.poll(() => sec.getByTestId("decision-row").count()).toBe(1);
    await decide("Представить план профилактических бесед в колледжах.", "2026-01-20");
    await expect.poll(() => sec.getByTestId("decision-row").count()).toBe(2);

    const pdfHref = await sec.getByTestId("protocol-pdf-ru").getAttribute("href");
    const draft = await sec.request.get(`${server.baseUrl}${pdfHref}`);
    expect(draft.status()).toBe(200);
    expect(draft.headers()["content-type"]).toBe("application/pdf");

    await sec.getByTestId("meeting-sign").click();
    await expect.poll(() => sec.getByTestId("meeting-status").textContent()).toBe("Протокол № 1");
    await expect.poll(() => sec.getByTestId("assignment-row").count()).toBe(2);
    const signedPdf = await sec.request.get(`${server.baseUrl}${pdfHref}`);
    expect(signedPdf.headers()["content-disposition"]).toContain("protocol-1-ru.pdf");
    // The secretary's Assignments open on a view that has them (none is assigned to the commission itself).
    const sec2 = await signedIn("secretary");
    await sec2.getByTestId("nav-prevention").click();
    await sec2.getByTestId("tab-assignments").click();
    await expect.poll(() => sec2.getByRole("link", { name: "1/2", exact: true }).count()).toBe(1);
    expect(await sec2.getByRole("link", { name: "1/1", exact: true }).count()).toBe(1);
    expect(
      await sec2.locator('[data-testid="assignment-scope"] input:checked').getAttribute("value"),
    ).not.toBe("mine");
    await sec2.context().close();

    // The deadline of the second passed long ago: the control job escalates it to the ATC.
    await runControl(server.database, { remindDaysBefore: 3, escalateAfterDays: 3 });

    // The member body sees both in its list — the overdue one in red — and reports on both.
    const mem = await signedIn("member");
    await expect
      .poll(async () => Number(await mem.getByTestId("notifications-unread").textContent()))
      .toBeGreaterThan(0);
    await mem.getByTestId("nav-prevention").click();
    await mem.getByTestId("tab-assignments").click();
    await expect.poll(() => mem.getByTestId("assignment-row").count()).toBe(2);
    expect(await mem.locator("[data-testid=assignment-row][data-overdue=true]").count()).toBe(1);
    for (const n of ["1/1", "1/2"]) {
      await mem.getByRole("link", { name: n, exact: true }).click();
      await mem.getByTestId("action-report").click();
      await mem.getByTestId("action-comment").fill(`Исполнено: ${n}`);
      await mem.getByTestId("act-number").fill("Приказ № 45");
      await mem.getByTestId("action-submit").click();
      await expect.poll(() => mem.getByTestId("assignment-status").textContent()).toBe("Отчёт представлен");
      await mem.getByRole("link", { name: /Поручения на контроле/ }).click();
    }

    // The controller accepts the first and returns the second, which stays escalated and overdue.
    await sec.getByTestId("assignment-row").first().getByRole("link").click();
    await sec.getByTestId("action-accept").click();
    await sec.getByTestId("action-submit").click();
    await expect.poll(() => sec.getByTestId("assignment-status").textContent()).toBe("Исполнено в срок");
    await sec.goBack();
    await sec.getByRole("link", { name: "1/2", exact: true }).click();
    await expect
      .poll(() => sec.getByTestId("escalated-to").textContent())
      .toContain("Антитеррористический центр");
    await sec.getByTestId("action-return").click();
    await sec.getByTestId("action-submit").click();
    await expect.poll(() => sec.getByText("Укажите причину.").count()).toBe(1);
    await sec.getByTestId("action-comment").fill("Нет списка колледжей");
    await sec.getByTestId("action-submit").click();
    await expect
      .poll(() => sec.getByTestId("assignment-status").textContent())
      .toBe("Возвращено на доработку");
    expect(await sec.getByTestId("overdue-badge").count()).toBe(1);
    await sec.context().close();
    await mem.context().close();

    // The national dashboard: the overdue assignment by body, Almaty's plan in the roll-up, drill-down.
    const atc = await signedIn("atc");
    await atc.getByTestId("nav-prevention").click();
    await atc.getByTestId("tab-dashboard").click();
    await expect.poll(() => atc.getByTestId("dashboard-territory").textContent()).toContain("Казахстан");
    await expect.poll(() => atc.getByTestId("overdue-table").textContent()).toContain(name);
    expect(await atc.locator("[data-testid=chart-category] svg").count()).toBeGreaterThan(0);
    // A measure type's legal basis is said once, though the type's own name carries it ("… (R10.3)").
    const drills = atc.getByTestId("category-table").locator("tbody tr").filter({ hasText: "R10.3" });
    await expect.poll(() => drills.count()).toBe(1);
    expect((await drills.textContent())!.match(/R10\.3/g)).toHaveLength(1);
    await atc
      .getByTestId("territory-row")
      .filter({ hasText: "Алматы" })
      .first()
      .getByRole("button")
      .first()
      .click();
    await expect.poll(() => atc.getByTestId("dashboard-territory").textContent()).toMatch(/Алматы · \d{4}/);
    await atc.getByTestId("total-expected").getByTestId("drill").click();
    await expect.poll(() => atc.getByTestId("record-row").count()).toBeGreaterThan(0);
    expect(await atc.getByTestId("records-table").textContent()).toContain("Учения по эвакуации");
    await atc.context().close();
  });
});

describe("a district commission's meeting (R5), as the demo district secretary", () => {
  it("assigns a decision to the city akimat, which reports late; it escalates to the region and shows on its dashboard", async () => {
    const [{ executor, region }] = await server.database.query<{ executor: string; region: string }>(
      `select a.name_ru as executor, rc.name_ru as region
       from app_user u join role_grant g on g.user_id = u.id join body a on a.id = g.body_id
       join territory t on t.code = '${"191000000"}' join territory r on r.code = t.parent_code
       join body rc on rc.kind = 'commission' and rc.territory_code = r.code
       where u.username = 'district-member'`,
    );
    const sec = await signedIn("district");
    await sec.getByTestId("nav-prevention").click();
    await sec.getByTestId("tab-meetings").click();
    await sec.getByTestId("meeting-held-at").fill("2026-01-05T10:00");
    await sec.getByTestId("meeting-place").fill("Акимат г. Конаев");
    await sec.getByTestId("meeting-chair").fill("Тестов Т.Т.");
    await sec.getByTestId("meeting-agenda").fill("О защищённости школ");
    await sec.getByTestId("meeting-create").click();
    await expect.poll(() => sec.getByTestId("meeting-status").textContent()).toBe("Запланировано");
    await sec.getByTestId("decision-text").fill("Провести учебную эвакуацию в школах города.");
    await sec.getByTestId("decision-executors").click();
    await sec.getByRole("listbox", { name: "Исполнитель" }).getByRole("option", { name: executor }).click();
    await sec.keyboard.press("Escape");
    await sec.getByTestId("decision-deadline").fill("2026-01-20");
    await sec.getByTestId("decision-add").click();
    await expect.poll(() => sec.getByTestId("decision-row").count()).toBe(1);
    await sec.getByTestId("meeting-sign").click();
    await expect.poll(() => sec.getByTestId("meeting-status").textContent()).toBe("Протокол № 1");

    await runControl(server.database, { remindDaysBefore: 3, escalateAfterDays: 3 });
    const mem = await signedIn("district-member");
    await mem.getByTestId("nav-prevention").click();
    await mem.getByTestId("tab-assignments").click();
    await expect.poll(() => mem.locator("[data-testid=assignment-row][data-overdue=true]").count()).toBe(1);
    await mem.getByRole("link", { name: "1/1", exact: true }).click();
    await expect.poll(() => mem.getByTestId("escalated-to").textContent()).toContain(region);
    await mem.getByTestId("action-report").click();
    await mem.getByTestId("action-comment").fill("Эвакуация проведена в 12 школах");
    await mem.getByTestId("action-submit").click();
    await expect.poll(() => mem.getByTestId("assignment-status").textContent()).toBe("Отчёт представлен");
    await mem.context().close();

    await sec.getByTestId("assignment-row").first().getByRole("link").click();
    await sec.getByTestId("action-accept").click();
    await sec.getByTestId("action-submit").click();
    await expect
      .poll(() => sec.getByTestId("assignment-status").textContent())
      .toBe("Исполнено с опозданием");
    await sec.context().close();

    // The ATC's national dashboard, down to Almaty region: the late executor is there.
    const atc = await signedIn("atc");
    await atc.getByTestId("nav-prevention").click();
    await atc.getByTestId("tab-dashboard").click();
    await atc
      .getByTestId("territory-row")
      .filter({ hasText: "Алматинская" })
      .first()
      .getByRole("button")
      .first()
      .click();
    await expect.poll(() => atc.getByTestId("dashboard-territory").textContent()).toContain("Алматинская");
    await expect
      .poll(() =>
        atc
          .getByTestId("territory-row")
          .filter({ hasText: /Қонаев|Конаев/ })
          .count(),
      )
      .toBeGreaterThan(0);
    await atc.context().close();
  });
});

describe("the calendar of exercises (R10.2, R10.3)", () => {
  it("a drill is planned, shows on its day, and its results with a finding are recorded", async () => {
    const sec = await signedIn("secretary");
    await sec.getByTestId("nav-prevention").click();
    await sec.getByTestId("tab-exercises").click();
    const now = new Date();
    const date = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-15`;
    await sec.getByTestId("exercise-new").click();
    await sec.getByTestId("exercise-kind").selectOption("drill");
    await sec.getByTestId("exercise-date").fill(date);
    await sec.getByTestId("exercise-title").click(); // a click elsewhere closes the date field's calendar
    await sec.getByTestId("exercise-title").fill("Тренировка по эвакуации в колледже");
    await sec.getByTestId("exercise-create").click();
    await expect.poll(() => sec.getByTestId("calendar-item").count()).toBe(1);
    expect(await sec.getByTestId("exercise-status").textContent()).toBe("Запланировано");
    await sec.getByTestId("exercise-record-open").click();
    await sec.getByTestId("exercise-results").fill("Эвакуация за 9 минут");
    await sec.getByTestId("finding-add").click();
    await sec.getByTestId("finding-text").fill("Починить оповещение");
    const exec = await sec.getByTestId("finding-executor").locator("option").nth(1).getAttribute("value");
    await sec.getByTestId("finding-executor").selectOption(exec!);
    await sec.getByTestId("finding-deadline").fill("2099-01-31");
    await sec.getByTestId("exercise-results").click(); // a click elsewhere closes the date field's calendar
    await sec.getByTestId("exercise-record").click();
    await expect.poll(() => sec.getByTestId("exercise-status").textContent()).toBe("Проведено");
    await sec.getByTestId("exercise-card").getByRole("link").click();
    await expect.poll(() => sec.getByTestId("assignment-title").textContent()).toContain("У-1/1");
    await sec.context().close();
  });
});

describe("prevention in Kazakh and on a 390 px phone", () => {
  it("names the month and weekdays in Kazakh, and lays the meeting form and assignment views out for a phone", async () => {
    const sec = await signedIn("secretary");
    await sec.getByTestId("lang-kk").click();
    await sec.goto(`${server.baseUrl}/prevention/exercises`);
    // dayjs's Kazakh month name, not ICU's "2026 M12"; a header row of the seven days, Monday first.
    await expect
      .poll(() => sec.getByTestId("month-name").textContent())
      .toMatch(/^[А-ЯӘҒҚҢӨҰҮҺІ][а-яәғқңөұүһі]+ \d{4}$/);
    await expect
      .poll(() => sec.getByTestId("calendar-weekday").allTextContents())
      .toEqual(["дй", "сй", "ср", "бй", "жм", "сн", "жк"]);

    await sec.setViewportSize({ width: 390, height: 844 });
    // The meeting form's four fields stack on a phone (side by side their labels ran off the screen).
    await sec.goto(`${server.baseUrl}/prevention/meetings`);
    const place = await sec.getByTestId("meeting-place").boundingBox();
    const chair = await sec.getByTestId("meeting-chair").boundingBox();
    expect(chair!.y).toBeGreaterThan(place!.y + place!.height);
    expect(chair!.x + chair!.width).toBeLessThanOrEqual(390);
    // The three views of the assignments all on the screen, none scrolled out of sight.
    await sec.goto(`${server.baseUrl}/prevention/assignments`);
    const views = sec.getByTestId("assignment-scope").locator("label");
    await expect.poll(() => views.count()).toBe(3);
    for (const box of await views.evaluateAll((ls) => ls.map((l) => l.getBoundingClientRect().right)))
      expect(box).toBeLessThanOrEqual(390);
    await sec.context().close();
  });

  it("names a report's quarter in the page's language, not as Q1–Q4", async () => {
    const sec = await signedIn("secretary");
    await sec.getByTestId("nav-prevention").click();
    // The plan approved above: its measure's report form offers the quarters in words.
    await sec.locator("a[href^='/prevention/plans/']").first().click();
    await sec.getByTestId("measure-report-open").first().click();
    const quarters = sec.getByTestId("report-quarter").locator("option");
    await expect.poll(() => quarters.allTextContents()).toEqual(["1 кв.", "2 кв.", "3 кв.", "4 кв."]);
    await sec.keyboard.press("Escape");
    await sec.getByTestId("lang-kk").click();
    await sec.getByTestId("measure-report-open").first().click();
    await expect
      .poll(() => quarters.allTextContents())
      .toEqual(["1-тоқсан", "2-тоқсан", "3-тоқсан", "4-тоқсан"]);
    await sec.context().close();
  });
});
