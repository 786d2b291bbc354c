/**
 * The operating picture in the browser (one offline map): the city HQ's map really draws its report's
 * point (declustered when zoomed in), its operation's zone, a vulnerable object and, switched on, the
 * forces of its territory — checked with MapLibre's queryRenderedFeatures; a click on the point
 * opens the report; choosing a territory zooms to it. The report form warns about a point outside the
 * chosen district and asks for confirmation. At 390 px nothing scrolls sideways and the whole country
 * fits the map.
 */
import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, signInPage } from "../support/browser";
import { signIn } from "../support/http";
import { startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let browser: Browser;
let reportId: string;
let operationId: string;
let objectId: string;

const MEDEU = "751710000";

/** expect.poll with room for a busy machine (MapLibre's worker, animated fits). */
const poll = <T>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) =>
  expect.poll(fn, { timeout: 15_000, interval: 100, ...opts });
const POINT = { lon: 76.955, lat: 43.235 };
const OBJECT = { lon: 76.93, lat: 43.25 };

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  const [reporter, hq] = await Promise.all([signIn(server.app, "reporter"), signIn(server.app, "hq")]);
  const r = await reporter.post(
    "/api/incidents",
    {
      type: "armed_attack",
      occurredAt: new Date().toISOString(),
      territoryCode: MEDEU,
      ...POINT,
      description: "Қарулы шабуыл туралы хабар (карта сынағы)",
    },
    { "idempotency-key": randomUUID() },
  );
  if (r.statusCode !== 201) throw new Error(r.body);
  reportId = r.json().id;
  const op = await hq.post("/api/operations", {
    title: "Карта сынағы",
    goals: ["ensure_safety"],
    zoneTerritories: [MEDEU],
    zoneArea: {
      type: "Polygon",
      coordinates: [
        [
          [76.9, 43.2],
          [77.0, 43.2],
          [77.0, 43.28],
          [76.9, 43.28],
          [76.9, 43.2],
        ],
      ],
    },
  });
  if (op.statusCode !== 201) throw new Error(op.body);
  operationId = op.json().id;
  // A vulnerable object in the city (its owner is the reporting organisation).
  const ownerBodyId = (await reporter.get("/api/auth/me")).json().grants[0].bodyId;
  const o = await reporter.post("/api/objects", {
    nameKk: "«Көктем» сауда орталығы (карта сынағы)",
    nameRu: "Торговый центр «Коктем» (проверка карты)",
    territoryCode: "750000000",
    address: "Алматы, Абай даңғ., 10",
    lat: OBJECT.lat,
    lon: OBJECT.lon,
    category: "mass_gathering",
    attendance: 3000,
    staff: 120,
    owner: { bodyId: ownerBodyId },
  });
  if (o.statusCode !== 201) throw new Error(o.body);
  objectId = o.json().id;
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type MapHandle = {
  jumpTo(o: unknown): void;
  once(e: string, f: () => void): void;
  loaded(): boolean;
  areTilesLoaded(): boolean;
  queryRenderedFeatures(o?: unknown): { layer: { id: string }; properties: Record<string, unknown> }[];
  getBounds(): { getWest(): number; getEast(): number; getSouth(): number; getNorth(): number };
  project(p: [number, number]): { x: number; y: number };
};

/** Move a map (found by test id) and wait until it has drawn. */
async function jump(page: Page, testId: string, center: [number, number], zoom: number) {
  await page.evaluate(
    ([id, c, z]) =>
      new Promise<void>((done) => {
        const m = (document.querySelector(`[data-testid="${id}"]`) as unknown as { __map: MapHandle }).__map;
        m.once("idle", () => done());
        m.jumpTo({ center: c, zoom: z });
      }),
    [testId, center, zoom] as const,
  );
}

/** Ids of the rendered features of a map's layer. */
function rendered(page: Page, testId: string, layer: string) {
  return page.evaluate(
    ([id, l]) => {
      const m = (document.querySelector(`[data-testid="${id}"]`) as unknown as { __map: MapHandle }).__map;
      if (!(m as unknown as { getLayer(x: string): unknown }).getLayer(l)) return [];
      return m
        .queryRenderedFeatures({ layers: [l] })
        .map((f) => String(f.properties.id ?? f.properties.cluster_id));
    },
    [testId, layer] as const,
  );
}

function bounds(page: Page, testId: string) {
  return page.evaluate((id) => {
    const m = (document.querySelector(`[data-testid="${id}"]`) as unknown as { __map: MapHandle }).__map;
    const b = m.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }, testId);
}

async function ready(page: Page, testId: string) {
  await page.getByTestId(testId).waitFor({ timeout: 30_000 });
  await poll(() => page.getByTestId(testId).getAttribute("data-ready"), { timeout: 30_000 }).toBe("true");
}

describe("the operating picture", () => {
  it("draws the report's point, the operation's zone and the objects layer; a click opens the report", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.getByTestId("nav-map").click();
    await ready(page, "map");
    await poll(() => page.getByTestId("layer-reports").getAttribute("data-state")).toBe("ready");
    await poll(() => page.getByTestId("layer-zones").getAttribute("data-state")).toBe("ready");

    // The whole country first: the report is inside some cluster or point; zoomed in it is a point.
    await jump(page, "map", [POINT.lon, POINT.lat], 13);
    await poll(() => rendered(page, "map", "reports-points")).toContain(reportId);
    await poll(() => rendered(page, "map", "zones-fill")).toContain(operationId);

    // The vulnerable-objects layer (its module's scoped endpoint): the city's object is drawn.
    await poll(() => page.getByTestId("layer-objects").getAttribute("data-state")).toBe("ready");
    await poll(() => rendered(page, "map", "objects-points")).toContain(objectId);

    // Forces and health organisations (the consequences module's readiness board of the reader's
    // territory): off at first, drawn when switched on.
    expect(await rendered(page, "map", "forces-points")).toEqual([]);
    await page.getByTestId("layer-toggle-forces").click();
    await poll(() => page.getByTestId("layer-forces").getAttribute("data-state")).toBe("ready");
    await jump(page, "map", [76.89, 43.24], 11);
    await poll(async () => (await rendered(page, "map", "forces-points")).length).toBeGreaterThan(0);
    await jump(page, "map", [POINT.lon, POINT.lat], 13);

    // Switching the reports layer off hides them; on again shows them.
    await page.getByTestId("layer-toggle-reports").click();
    await poll(() => rendered(page, "map", "reports-points")).toEqual([]);
    await page.getByTestId("layer-toggle-reports").click();
    await poll(() => rendered(page, "map", "reports-points")).toContain(reportId);

    // A click on the point opens the report.
    const at = await page.evaluate((p) => {
      const el = document.querySelector('[data-testid="map"]') as HTMLElement & { __map: MapHandle };
      const xy = el.__map.project([p.lon, p.lat]);
      const r = el.getBoundingClientRect();
      return { x: r.left + xy.x, y: r.top + xy.y };
    }, POINT);
    await page.mouse.click(at.x, at.y);
    await poll(() => page.url()).toContain(`/response/${reportId}`);
    // The report's page shows its point on its own map.
    await ready(page, "incident-map");
    await poll(() => rendered(page, "incident-map", "points-circle")).toContain(reportId);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("zooms to the chosen territory", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    await page.getByTestId("nav-map").click();
    await ready(page, "map");
    const whole = await bounds(page, "map");
    await page.getByTestId("map-territory").fill("Медеу");
    await page.getByRole("option", { name: /\(751710000\)/ }).click();
    await poll(async () => {
      const [w, s, e, n] = await bounds(page, "map");
      return w < POINT.lon && e > POINT.lon && s < POINT.lat && n > POINT.lat && e - w < 2;
    }).toBe(true);
    expect(whole[2] - whole[0]).toBeGreaterThan(35);
    await page.context().close();
  });
});

describe("the report form's point", () => {
  it("warns about a point outside the chosen district and asks to confirm it", async () => {
    const page = await signInPage(browser, server.baseUrl, "reporter");
    await page.getByTestId("nav-response").click();
    await page.getByTestId("report-new").click();
    await page.getByTestId("report-place").fill("Медеу");
    await page.getByRole("option", { name: /\(751710000\)/ }).click();
    await ready(page, "report-map");
    // The map zooms to Medeu: its boundary's box is in view, not the whole country.
    await poll(async () => {
      const [w, , e] = await bounds(page, "report-map");
      return e - w < 3;
    }).toBe(true);
    // A point in Astana (the map moved there): outside Medeu → warning and confirmation. The click is
    // repeated if the map re-fitted to Medeu between the move and the click (a late size change).
    await poll(
      async () => {
        await jump(page, "report-map", [71.43, 51.13], 10);
        const box = (await page.getByTestId("report-map").boundingBox())!;
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        return page.getByText(/^Точка: 51\.\d+, 71\.\d+$/).count();
      },
      { timeout: 20_000 },
    ).toBe(1);
    await poll(() => page.getByTestId("report-point-outside").isVisible()).toBe(true);
    await page.getByTestId("report-description").fill("Нүкте аудан сыртында");
    await page.getByTestId("report-submit").click();
    // The server refuses it unconfirmed (its field error is shown by the confirmation).
    await poll(() => page.getByText(/за пределами выбранной территории/).count()).toBeGreaterThan(0);
    await page.getByTestId("report-point-confirm").check();
    await page.getByTestId("report-submit").click();
    await poll(() => page.getByTestId("report-point-outside").count()).toBe(0);
    const [last] = await server.database.query<{ lat: number }>(
      "select lat from incident where description = 'Нүкте аудан сыртында'",
    );
    expect(last.lat).toBeGreaterThan(50);
    await page.context().close();
  });
});

describe("the boundaries' credit", () => {
  it("stands once per map, in the map's own control, on the map and threat-level pages", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    for (const [path, testId] of [
      ["/map", "map"],
      ["/threat", "threat-map"],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      await ready(page, testId);
      const control = page.locator(`[data-testid="${testId}"] .maplibregl-ctrl-attrib`);
      await poll(() => control.textContent()).toContain("geokz (CC BY 4.0)");
      expect(await page.getByText("geokz (CC BY 4.0)").count()).toBe(1);
    }
    await page.context().close();
  });
});

describe("on a 390 px phone", () => {
  it("shows the map page without sideways scrolling and fits the whole country", async () => {
    const page = await signInPage(browser, server.baseUrl, "hq");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/map`);
    await ready(page, "map");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const w = await page.evaluate(() => document.querySelector('[data-testid="map"] canvas')!.clientWidth);
    expect(w).toBeLessThanOrEqual(390);
    // The whole country in view: Kazakhstan's extreme points (west 46.5, south 40.6, east 87.3, north 55.4).
    const [west, south, east, north] = await bounds(page, "map");
    expect(west).toBeLessThanOrEqual(46.5);
    expect(south).toBeLessThanOrEqual(40.6);
    expect(east).toBeGreaterThanOrEqual(87.3);
    expect(north).toBeGreaterThanOrEqual(55.4);
    await page.context().close();
  });
});
