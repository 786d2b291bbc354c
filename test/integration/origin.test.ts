/**
 * Requests from other sites (platform/origin-check.ts): a state-changing API
 * request with another site's Origin or a cross-site Sec-Fetch-Site is a 403 and changes nothing;
 * a body that is not JSON is a 415; the app's own requests (same origin, or no such headers) pass.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "../support/db";
import { type Client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;
let reporter: Client;
let admin: Client;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({
    database,
    config: { signInRateLimit: 1000, publicUrl: "https://qorgan.example.kz" },
  });
  [reporter, admin] = await Promise.all([signIn(app, "reporter"), signIn(app, "admin")]);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const HOST = "127.0.0.1:8080";
const report = () => ({
  type: "other",
  occurredAt: new Date().toISOString(),
  territoryCode: "751710000",
  description: "Күдікті сөмке",
});
const rows = async () =>
  (
    await database.query<{ incidents: number; audit: number }>(
      "select (select count(*)::int from incident) as incidents, (select count(*)::int from audit_event) as audit",
    )
  )[0];
/** A report filed through the real request path with the given extra headers. */
const file = (headers: Record<string, string>, payload: string = JSON.stringify(report())) =>
  app.inject({
    method: "POST",
    url: "/api/incidents",
    payload,
    headers: {
      cookie: reporter.cookie,
      host: HOST,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
      ...headers,
    },
  });

describe("Origin and Sec-Fetch-Site", () => {
  it("refuses another site's Origin with a localised 403 and files nothing", async () => {
    const before = await rows();
    const evil = await file({ origin: "http://evil.example", "accept-language": "en" });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toMatchObject({
      code: "cross_origin",
      message: expect.stringContaining("another site"),
    });
    const ru = await file({ origin: "http://evil.example", "accept-language": "ru" });
    expect(ru.json().message).toContain("другого сайта");
    // Look-alikes: another port, scheme or a suffix of the host; and the opaque origin of sandboxes.
    for (const origin of [
      `http://${HOST}.evil.example`,
      "http://127.0.0.1:8081",
      `https://${HOST}`,
      "null",
      "x",
    ])
      expect((await file({ origin })).statusCode, origin).toBe(403);
    expect(await rows()).toEqual(before);
  });

  it("accepts the request's own origin, the configured public URL's, and requests without Origin", async () => {
    expect((await file({ origin: `http://${HOST}` })).statusCode).toBe(201);
    expect((await file({ origin: "HTTP://127.0.0.1:8080" })).statusCode).toBe(201); // normalised
    expect((await file({ origin: "https://qorgan.example.kz" })).statusCode).toBe(201); // QORGAN_PUBLIC_URL
    expect((await file({})).statusCode).toBe(201); // scripts and other non-browser clients
    // Reads are not checked.
    const list = await app.inject({
      method: "GET",
      url: "/api/incidents",
      headers: { cookie: reporter.cookie, origin: "http://evil.example" },
    });
    expect(list.statusCode).toBe(200);
  });

  it("refuses Sec-Fetch-Site cross-site and same-site; accepts same-origin and none", async () => {
    const before = await rows();
    for (const site of ["cross-site", "same-site"])
      expect((await file({ "sec-fetch-site": site })).json().code, site).toBe("cross_origin");
    expect(await rows()).toEqual(before);
    expect((await file({ "sec-fetch-site": "same-origin", origin: `http://${HOST}` })).statusCode).toBe(201);
    expect((await file({ "sec-fetch-site": "none" })).statusCode).toBe(201);
  });

  it("checks every unsafe method, signed in or not", async () => {
    const evil = { origin: "http://evil.example", host: HOST };
    const signInAttempt = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { username: "admin", password: "qorgan-demo-2026" },
      headers: evil,
    });
    expect(signInAttempt.statusCode).toBe(403); // no session is made from another site
    expect(signInAttempt.headers["set-cookie"]).toBeUndefined();
    const body = (await admin.get("/api/bodies?kind=organisation&territory=750000000")).json().items[0];
    for (const [method, url] of [
      ["PATCH", `/api/bodies/${body.id}`],
      ["DELETE", `/api/bodies/${body.id}?version=1`],
      ["PUT", `/api/operations/${randomUUID()}/referral`],
      ["POST", "/api/auth/totp/setup"],
    ] as const) {
      const res = await app.inject({ method, url, headers: { ...evil, cookie: admin.cookie } });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await admin.get(`/api/bodies/${body.id}`)).json().active).toBe(true);
  });
});

describe("content types", () => {
  it("refuses a form or text body with 415 and files nothing", async () => {
    const before = await rows();
    const form = await file(
      { "content-type": "application/x-www-form-urlencoded", "accept-language": "en" },
      "type=other&description=x",
    );
    expect(form.statusCode).toBe(415);
    expect(form.json()).toMatchObject({
      code: "unsupported_media_type",
      message: expect.stringContaining("JSON"),
    });
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/json-patch+json"])
      expect((await file({ "content-type": type })).statusCode, type).toBe(415);
    expect(await rows()).toEqual(before);
    expect((await file({ "content-type": "application/json; charset=utf-8" })).statusCode).toBe(201);
  });

  it("bodyless requests: no content type or JSON only", async () => {
    const setup = (headers: Record<string, string>) =>
      app.inject({
        method: "POST",
        url: "/api/auth/totp/setup",
        headers: { cookie: admin.cookie, ...headers },
      });
    expect((await setup({ "content-type": "text/plain" })).statusCode).toBe(415);
    expect((await setup({ "content-type": "application/x-www-form-urlencoded" })).statusCode).toBe(415);
    expect((await setup({})).statusCode).toBe(200); // what the web app sends (src/web/api.ts)
    expect((await setup({ "content-type": "application/json" })).statusCode).toBe(200);
  });
});
