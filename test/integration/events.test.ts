/**
 * Live board events (issue #3 §2): a committed report reaches the open boards of those who may see it —
 * and only them — through PostgreSQL LISTEN/NOTIFY and Server-Sent Events; on a server, across instances.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase, usingPostgres } from "../support/db";

type Stream = { events: { id: string; event: string; regNumber: string }[]; close(): void };

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: "127.0.0.1", port: 0 });
  const a = app.server.address();
  return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
}

async function cookieFor(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  return (res.headers.get("set-cookie") ?? "").split(";")[0];
}

async function openStream(base: string, cookie: string): Promise<Stream> {
  const ctrl = new AbortController();
  const res = await fetch(`${base}/api/events/incidents`, { headers: { cookie }, signal: ctrl.signal });
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const events: Stream["events"] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (block.includes("event: incident") && data) events.push(JSON.parse(data.slice(6)));
          i = buf.indexOf("\n\n");
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return { events, close: () => ctrl.abort() };
}

async function report(base: string, cookie: string, territoryCode: string) {
  const res = await fetch(`${base}/api/incidents`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "idempotency-key": randomUUID() },
    body: JSON.stringify({
      type: "threat_message",
      occurredAt: new Date().toISOString(),
      territoryCode,
      description: "SSE",
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; regNumber: string };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out waiting for an event");
    await new Promise((r) => setTimeout(r, 20));
  }
};

let database: Database;
let second: Database | undefined;
let appA: FastifyInstance;
let appB: FastifyInstance | undefined;
let baseA: string;

beforeAll(async () => {
  database = await openTestDatabase();
  appA = await buildApp({ database, config: { signInRateLimit: 1000 } });
  baseA = await listen(appA);
});
afterAll(async () => {
  await appA?.close();
  await appB?.close();
  await second?.close();
  await database?.close();
});

describe("live board events", () => {
  it("a new report reaches the competent HQ's board and the ATC's at once, not another area's", async () => {
    const [hq, admin, reporter] = await Promise.all(
      ["hq", "admin", "reporter"].map((u) => cookieFor(baseA, u)),
    );
    const hqStream = await openStream(baseA, hq);
    const adminStream = await openStream(baseA, admin);
    try {
      const almaty = await report(baseA, reporter, "751710000");
      const konaev = await report(baseA, reporter, "191000000");
      await until(
        () =>
          adminStream.events.some((e) => e.id === konaev.id) &&
          hqStream.events.some((e) => e.id === almaty.id),
      );
      expect(hqStream.events.find((e) => e.id === almaty.id)).toMatchObject({
        event: "reported",
        regNumber: almaty.regNumber,
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(hqStream.events.some((e) => e.id === konaev.id)).toBe(false);
      expect(JSON.stringify(hqStream.events)).not.toContain("SSE"); // no description on the wire
    } finally {
      hqStream.close();
      adminStream.close();
    }
  });

  it.skipIf(!usingPostgres())(
    "reaches a board open on another instance (two instances, one PostgreSQL)",
    async () => {
      second = await openDatabase({ databaseUrl: database.url!, poolSize: 3 });
      appB = await buildApp({ database: second, config: { signInRateLimit: 1000 } });
      const baseB = await listen(appB);
      const hqOnA = await openStream(baseA, await cookieFor(baseA, "hq"));
      try {
        const filedOnB = await report(baseB, await cookieFor(baseB, "reporter"), "750000000");
        await until(() => hqOnA.events.some((e) => e.id === filedOnB.id));
      } finally {
        hqOnA.close();
      }
    },
  );
});
