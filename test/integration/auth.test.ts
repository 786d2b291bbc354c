/** Accounts and sessions: argon2id, DB sessions, cookie flags, lock-out, TOTP, audit. */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { currentTotp } from "../../src/server/modules/auth/auth.service";
import type { Database } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase } from "../support/db";
import { client, signIn } from "../support/http";

let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ database, config: { signInRateLimit: 1000 } });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const attempt = (username: string, password: string, extra: Record<string, string> = {}, lang = "kk") =>
  app.inject({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { username, password, ...extra },
    headers: { "accept-language": lang },
  });

describe("sign-in", () => {
  it("sets an httpOnly SameSite=Strict session cookie stored (hashed) in the database", async () => {
    const res = await attempt("atc", DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/qorgan_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const token = cookie.split(";")[0].split("=")[1];
    const rows = await database.query<{ token_hash: string }>("select token_hash from session");
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(res.json().user.username).toBe("atc");
    expect(res.json().grants[0].role).toBe("atc_coordinator");
  });

  it("a wrong password gets a localised 401 and is audited", async () => {
    const kk = await attempt("member", "wrong-password-1", {}, "kk");
    const ru = await attempt("member", "wrong-password-1", {}, "ru");
    const en = await attempt("member", "wrong-password-1", {}, "en");
    for (const r of [kk, ru, en]) expect(r.statusCode).toBe(401);
    expect(new Set([kk.json().message, ru.json().message, en.json().message]).size).toBe(3);
    const rows = await database.query<{ n: string }>(
      "select count(*)::text as n from audit_event where action = 'auth.sign_in_failed' and actor_name = 'member'",
    );
    expect(Number(rows[0].n)).toBeGreaterThanOrEqual(3);
  });

  it("locks the account after repeated failures, even for the right password", async () => {
    // "victims" is used only here.
    for (let i = 0; i < 5; i++) expect((await attempt("victims", `nope-nope-${i}`)).statusCode).toBe(401);
    const locked = await attempt("victims", DEMO_PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe("locked");
  });

  it("a name without an account answers as a real one: same codes and bodies, locked after as many tries", async () => {
    // "district-member" is used only here; the two are tried in turn, so the lock ends are the same minute.
    const answers = { real: [] as string[], unknown: [] as string[] };
    const shape = (r: Awaited<ReturnType<typeof attempt>>) => {
      const body = r.json();
      return JSON.stringify({ status: r.statusCode, ...body, requestId: undefined }).replaceAll(
        body.requestId,
        "…",
      );
    };
    for (let i = 0; i < 7; i++) {
      answers.real.push(shape(await attempt("district-member", `wrong-${i}-password`)));
      answers.unknown.push(shape(await attempt("no-such-user-2026", `wrong-${i}-password`)));
    }
    expect(answers.unknown).toEqual(answers.real);
    expect(answers.real.map((a) => JSON.parse(a).code)).toEqual([
      ...Array(5).fill("invalid_credentials"),
      "locked",
      "locked",
    ]);
    expect(answers.real.map((a) => JSON.parse(a).status)).toEqual([401, 401, 401, 401, 401, 423, 423]);
  });

  it("signs out: the session no longer works", async () => {
    const c = await signIn(app, "hq");
    expect((await c.get("/api/auth/me")).statusCode).toBe(200);
    const session = await c.get("/api/auth/session");
    expect(session.json().user.user.username).toBe("hq");
    await c.post("/api/auth/sign-out");
    expect((await c.get("/api/auth/me")).statusCode).toBe(401);
    // The web app's first question answers without an error: nobody is signed in.
    const none = await c.get("/api/auth/session");
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ user: null });
  });

  it("changes the password (other sessions end) and rejects a short one", async () => {
    const a = await signIn(app, "forces");
    const b = await signIn(app, "forces");
    const short = await a.post("/api/auth/password", {
      currentPassword: DEMO_PASSWORD,
      newPassword: "short",
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().fields[0].code).toBe("password_short");
    const wrong = await a.post("/api/auth/password", {
      currentPassword: "not-it-at-all",
      newPassword: "a-new-long-password",
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await a.post("/api/auth/password", {
      currentPassword: DEMO_PASSWORD,
      newPassword: "a-new-long-password",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await a.get("/api/auth/me")).statusCode).toBe(200);
    expect((await b.get("/api/auth/me")).statusCode).toBe(401);
    expect((await attempt("forces", DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await attempt("forces", "a-new-long-password")).statusCode).toBe(200);
  });

  it("TOTP: once enabled, sign-in needs the current code", async () => {
    const c = await signIn(app, "reporter");
    const setup = (await c.post("/api/auth/totp/setup")).json();
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await c.post("/api/auth/totp/enable", { code: "000000" })).statusCode).toBe(400);
    const code = currentTotp(setup.secret, "reporter");
    expect((await c.post("/api/auth/totp/enable", { code })).statusCode).toBe(200);
    const noCode = await attempt("reporter", DEMO_PASSWORD);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe("totp_required");
    const withCode = await attempt("reporter", DEMO_PASSWORD, {
      totp: currentTotp(setup.secret, "reporter"),
    });
    expect(withCode.statusCode).toBe(200);
    expect((await c.post("/api/auth/totp/disable", { password: DEMO_PASSWORD })).statusCode).toBe(200);
    expect((await attempt("reporter", DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it("answers 401 without a session and 400 for a malformed body", async () => {
    expect((await client(app).get("/api/auth/me")).statusCode).toBe(401);
    const bad = await app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.statusCode).toBe(400);
  });
});
