/**
 * The log never carries request values: a failed query's error holds its SQL text
 * and parameters in its message, and URLs hold ids and search text. The error handler and the logger's
 * serializers (platform/errors.ts, used by app.ts) keep the error's class, code and code locations.
 */
import { Writable } from "node:stream";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { describeError, logSerializers, registerErrorHandler } from "../../src/server/platform/errors";

const SECRET = "Иванов 8 701 555 12 34";

/** What drizzle throws when PostgreSQL refuses a statement: the statement and its values in the message. */
function failedQuery(): Error {
  const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
    code: "22021",
  });
  class DrizzleQueryError extends Error {}
  return new DrizzleQueryError(
    `Failed query: select * from app_user where username = $1\nparams: ${SECRET}`,
    {
      cause,
    },
  );
}

describe("describeError", () => {
  it("keeps class, codes and frames, never the message", () => {
    const d = describeError(failedQuery());
    expect(d).toMatchObject({ type: "DrizzleQueryError", cause: "Error 22021" });
    expect(d.frames!.length).toBeGreaterThan(0);
    expect(d.frames!.every((f) => f.startsWith("at "))).toBe(true);
    expect(JSON.stringify(d)).not.toMatch(/Failed query|app_user|Иванов|params/);
  });
  it("drops a value that looks like a stack frame inside the message", () => {
    const e = new Error(`Failed query: insert …\nparams: x\n    at ${SECRET}`);
    expect(JSON.stringify(describeError(e))).not.toContain(SECRET);
  });
  it("is safe on anything thrown", () => {
    expect(describeError("text")).toEqual({ type: "string" });
    expect(describeError(null)).toEqual({ type: "object" });
  });
});

describe("the request log", () => {
  it("of a 500 holds the request id and the error's class and code, not its SQL, values or query", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ logger: { level: "info", stream, serializers: logSerializers } });
    registerErrorHandler(app);
    app.get("/api/people/:id", async () => {
      throw failedQuery();
    });
    const res = await app.inject({ method: "GET", url: `/api/people/42?q=${encodeURIComponent(SECRET)}` });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: "internal" });
    expect(res.body).not.toContain(SECRET);
    await app.close();
    const log = lines.join("");
    expect(log).toContain(res.json().requestId);
    expect(log).toContain("DrizzleQueryError");
    expect(log).toContain("22021");
    expect(log).toContain("/api/people/:id");
    for (const leak of [SECRET, encodeURIComponent(SECRET), "Failed query", "app_user", "/api/people/42"])
      expect(log, leak).not.toContain(leak);
  });
});
