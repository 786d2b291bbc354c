/**
 * Live board events: a committed report reaches the open boards of those who may see it —
 * and only them — through PostgreSQL LISTEN/NOTIFY and Server-Sent Events; on a server, across instances.
 * A board that reconnects (Last-Event-ID) is sent what it missed from the event log, or told to reset.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/server/app";
import { type Database, openDatabase } from "../../src/server/platform/db";
import { purgeEventLog } from "../../src/server/platform/event-log";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";
import { openTestDatabase, usingPostgres } from "../support/db";

type BoardEvent = { id: string; event: string; regNumber: string };
type Stream = {
  events: BoardEvent[];
  /** The SSE id of every incident event, in order. */
  ids: string[];
  /** The reader's Last-Event-ID: the last `id:` line received (an id alone counts). */
  lastId: string | null;
  resets: number;
  ended: Promise<void>;
  close(): void;
};

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

/** An SSE reader as a browser's EventSource reads: `lastEventId` given back as Last-Event-ID. */
async function openStream(
  base: string,
  cookie: string,
  lastEventId?: string | null,
  via: "header" | "query" = "header",
): Promise<Stream> {
  const ctrl = new AbortController();
  const query = lastEventId && via === "query" ? `?lastEventId=${lastEventId}` : "";
  const res = await fetch(`${base}/api/events/incidents${query}`, {
    headers: { cookie, ...(lastEventId && via === "header" ? { "last-event-id": lastEventId } : {}) },
    signal: ctrl.signal,
  });
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const stream: Stream = {
    events: [],
    ids: [],
    lastId: lastEventId ?? null,
    resets: 0,
    ended: Promise.resolve(),
    close: () => ctrl.abort(),
  };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  stream.ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i = buf.indexOf("\n\n");
        while (i >= 0) {
          const lines = buf.slice(0, i).split("\n");
          buf = buf.slice(i + 2);
          const field = (name: string) =>
            lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
          const id = field("id");
          if (id !== null) stream.lastId = id;
          const data = field("data");
          if (field("event") === "incident" && data) {
            stream.events.push(JSON.parse(data));
            stream.ids.push(id ?? "");
          }
          if (field("event") === "reset") stream.resets++;
          i = buf.indexOf("\n\n");
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return stream;
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
let baseB: string;

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

  it("a board that comes back with Last-Event-ID is sent what it missed, once, and only what it may see", async () => {
    const [hq, reporter] = await Promise.all(["hq", "reporter"].map((u) => cookieFor(baseA, u)));
    const first = await openStream(baseA, hq);
    await until(() => first.lastId !== null); // a fresh reader is told where the log stands
    const before = await report(baseA, reporter, "751710000");
    await until(() => first.events.some((e) => e.id === before.id));
    expect(first.ids.at(-1)).toMatch(/^\d+$/);
    first.close();
    await first.ended;
    // Away: two reports for the city HQ, one for another area.
    const missed = [await report(baseA, reporter, "751710000"), await report(baseA, reporter, "750000000")];
    const elsewhere = await report(baseA, reporter, "191000000");
    const back = await openStream(baseA, hq, first.lastId);
    try {
      await until(() => missed.every((m) => back.events.some((e) => e.id === m.id)));
      const after = await report(baseA, reporter, "751710000"); // and live again
      await until(() => back.events.some((e) => e.id === after.id));
      await new Promise((r) => setTimeout(r, 200));
      const reported = back.events.filter((e) => e.event === "reported").map((e) => e.id);
      expect(reported).toEqual([...missed.map((m) => m.id), after.id]);
      expect(reported).not.toContain(before.id);
      expect(reported).not.toContain(elsewhere.id);
      expect(back.resets).toBe(0);
      // Ids rise: the order the reader saw is the log's.
      const ids = back.ids.map(BigInt);
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
      // A new stream (an EventSource opened again) passes the id in the query: the same replay.
      const again = await openStream(baseA, hq, first.lastId, "query");
      await until(() => again.events.length >= 3);
      await new Promise((r) => setTimeout(r, 200));
      expect(again.events.filter((e) => e.event === "reported").map((e) => e.id)).toEqual(reported);
      again.close();
    } finally {
      back.close();
    }
  });

  it("a reader whose Last-Event-ID the log no longer holds (or never held) is told to reset", async () => {
    const [hq, reporter] = await Promise.all(["hq", "reporter"].map((u) => cookieFor(baseA, u)));
    const s = await openStream(baseA, hq);
    await report(baseA, reporter, "751710000");
    await until(() => s.events.length > 0);
    s.close();
    const old = s.lastId!;
    await report(baseA, reporter, "751710000");
    await report(baseA, reporter, "751710000");
    // Retention 0: everything goes but the newest event, which marks where the log stands.
    expect(await purgeEventLog(database.db, 0)).toBeGreaterThan(0);
    const [{ n }] = await database.query<{ n: number }>("select count(*)::int as n from event_log");
    expect(n).toBe(1);
    const gone = await openStream(baseA, hq, old);
    const unknown = await openStream(baseA, hq, "999999999999");
    try {
      await until(() => gone.resets === 1 && unknown.resets === 1);
      expect(gone.events).toEqual([]); // nothing replayed: the board reloads instead
      // …and it goes on from the head: a new report comes live.
      const next = await report(baseA, reporter, "751710000");
      await until(() => gone.events.some((e) => e.id === next.id));
      expect(BigInt(gone.ids[0])).toBeGreaterThan(BigInt(old));
    } finally {
      gone.close();
      unknown.close();
    }
  });

  it.skipIf(!usingPostgres())(
    "reaches a board open on another instance (two instances, one PostgreSQL)",
    async () => {
      const baseB = await instanceB();
      const hqOnA = await openStream(baseA, await cookieFor(baseA, "hq"));
      try {
        const filedOnB = await report(baseB, await cookieFor(baseB, "reporter"), "750000000");
        await until(() => hqOnA.events.some((e) => e.id === filedOnB.id));
      } finally {
        hqOnA.close();
      }
    },
  );

  it.skipIf(!usingPostgres())(
    "the instance serving a board stops mid-burst: the board resumes on the other and has every report once",
    async () => {
      const baseB = await instanceB();
      // The board's instance: a third app on its own pool, stopped during the burst.
      const third = await openDatabase({ databaseUrl: database.url!, poolSize: 3 });
      const appC = await buildApp({ database: third, config: { signInRateLimit: 1000 } });
      let closedC: Promise<void> | undefined;
      try {
        const baseC = await listen(appC);
        const hq = await cookieFor(baseC, "hq");
        const reporter = await cookieFor(baseB, "reporter");
        // The board: an EventSource that reconnects to the other instance with its Last-Event-ID.
        const seen: BoardEvent[] = [];
        let current = await openStream(baseC, hq);
        await until(() => current.lastId !== null);
        const follow = (async () => {
          await current.ended;
          seen.push(...current.events);
          await new Promise((r) => setTimeout(r, 300)); // the browser's retry delay: reports go by meanwhile
          current = await openStream(baseB, hq, current.lastId);
        })();
        const filed: string[] = [];
        const burst = (async () => {
          for (let i = 0; i < 10; i++) {
            const group = await Promise.all(
              Array.from({ length: 4 }, (_, k) => report(baseB, reporter, k % 2 ? "751710000" : "750000000")),
            );
            filed.push(...group.map((g) => g.id));
          }
        })();
        await until(() => current.events.length >= 6, 10_000);
        closedC = appC.close(); // mid-burst: its streams end, the board goes to B
        await closedC;
        await burst;
        await follow;
        await until(() => filed.every((id) => [...seen, ...current.events].some((e) => e.id === id)), 10_000);
        await new Promise((r) => setTimeout(r, 300));
        const all = [...seen, ...current.events].filter((e) => e.event === "reported").map((e) => e.id);
        expect(all.length).toBe(filed.length);
        expect(new Set(all).size).toBe(filed.length);
        expect(seen.length).toBeGreaterThan(0);
        expect(current.resets).toBe(0);
        current.close();
      } finally {
        await (closedC ?? appC.close());
        await third.close();
      }
    },
  );
});

/** A second instance on the same PostgreSQL database (started once). */
async function instanceB(): Promise<string> {
  if (!appB) {
    second = await openDatabase({ databaseUrl: database.url!, poolSize: 3 });
    appB = await buildApp({ database: second, config: { signInRateLimit: 1000 } });
    baseB = await listen(appB);
  }
  return baseB;
}
