/**
 * Live streams (Server-Sent Events) that lose nothing across a reconnect. Each event goes out with its
 * event-log id (`id:`); a reader that comes back sends the last one as `Last-Event-ID` (browsers do it
 * themselves) and is first sent, from the database, what it may see of the events after it — then the
 * live ones, heard through LISTEN/NOTIFY, each once. When what it missed is no longer kept (older than
 * the retention, or more than `maxReplay` events) or the log does not know its id (another database),
 * it is sent `event: reset` and should reload. The same catch-up runs when this instance's listening
 * connection comes back after a loss. A fresh reader is told where the log stands (`event: position`,
 * with the id only) and gets what commits after it. A client that has to open a new stream (a browser's
 * EventSource gives up after an HTTP error) passes its last id as `?lastEventId=`; the header wins.
 *
 * Ordering: ids are taken in commit order (events.ts), so "after N" is exactly what a reader at N has
 * not seen; the stream subscribes before it reads the log and drops what it already sent, so an event
 * committed while the log is read comes once, by whichever path is first.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "./db";
import { eventsAfter, logBounds } from "./event-log";
import type { EventBus } from "./events";

export type StreamSpec = {
  /** The bus channel whose events this stream carries. */
  channel: string;
  /** The SSE event name they are sent under. */
  event: string;
  /** Whether this reader may see an event (the same check for live and replayed events). */
  visible: (payload: unknown) => boolean;
  /** The event as this reader is sent it, when not as published (called only for a visible event). */
  present?: (payload: unknown) => unknown;
};

export type EventStreams = {
  /** Answer the request with a stream (hijacks the reply). */
  serve(req: FastifyRequest, reply: FastifyReply, spec: StreamSpec): Promise<void>;
};

export type EventStreamOptions = {
  heartbeatMs?: number;
  /** At most this many events are replayed to a returning reader; more: `reset`. */
  maxReplay?: number;
};

const PAGE = 500;

/** `Last-Event-ID` as a log id, or null (absent or not one of ours). */
export function parseLastEventId(header: unknown): bigint | null {
  const v = Array.isArray(header) ? header[0] : header;
  return typeof v === "string" && /^\d{1,19}$/.test(v.trim()) ? BigInt(v.trim()) : null;
}

/** Streams of this app: ended when it closes (readers then reconnect to another instance). */
export function eventStreams(
  app: FastifyInstance,
  database: Database,
  bus: EventBus,
  { heartbeatMs = 25_000, maxReplay = 10_000 }: EventStreamOptions = {},
): EventStreams {
  const open = new Set<ServerResponse>();
  app.addHook("preClose", async () => {
    for (const s of open) s.end();
  });

  async function serve(req: FastifyRequest, reply: FastifyReply, spec: StreamSpec) {
    const resumeFrom =
      parseLastEventId(req.headers["last-event-id"]) ??
      parseLastEventId((req.query as { lastEventId?: unknown } | undefined)?.lastEventId);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    res.write("retry: 3000\n\n");
    open.add(res);

    let ended = false;
    /** The newest id handled (sent, or not this reader's), and the newest the reader was told of. */
    let pos: bigint | null = null;
    let told: bigint | null = null;
    /** Live events heard while the log is being read; null when not catching up. */
    let held: { payload: unknown; id?: bigint }[] | null = [];
    const write = (text: string) => {
      if (!ended) res.write(text);
    };
    const handle = (payload: unknown, id?: bigint) => {
      if (id !== undefined) {
        if (pos !== null && id <= pos) return; // sent already (from the log or live)
        pos = id;
      }
      if (!spec.visible(payload)) return;
      const idLine = id === undefined ? "" : `id: ${id}\n`;
      if (id !== undefined) told = id;
      const data = spec.present ? spec.present(payload) : payload;
      write(`${idLine}event: ${spec.event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    /** The reader's id moved to `pos` without an event of its own (it reads `lastEventId` from it). */
    const position = () => {
      told = pos;
      write(`id: ${pos}\nevent: position\ndata: {}\n\n`);
    };
    const reset = (at: bigint) => {
      pos = at;
      told = at;
      write(`id: ${at}\nevent: reset\ndata: {}\n\n`);
    };

    /** Send what the log holds after `from` (null: a fresh reader), then what was heard meanwhile. */
    const catchUp = async (from: bigint | null) => {
      held ??= [];
      const { first, last } = await logBounds(database.db);
      if (from === null) {
        pos = last ?? 0n;
        // Heard after subscribing, so new to this reader even when committed before `last` was read:
        // start just before the first of them, or they would be taken for sent already.
        for (const h of held ?? []) if (h.id !== undefined && h.id <= pos) pos = h.id - 1n;
        position();
      } else if (last === null ? from !== 0n : from > last || (first !== null && from < first - 1n)) {
        reset(last ?? 0n);
      } else {
        if (pos === null || from > pos) pos = from;
        let cursor = from;
        let replayed = 0;
        for (;;) {
          const page = await eventsAfter(database.db, spec.channel, cursor, PAGE);
          for (const e of page) handle(e.payload, e.id);
          if (page.length) cursor = page[page.length - 1].id;
          replayed += page.length;
          if (page.length < PAGE || ended) break;
          if (replayed >= maxReplay) {
            reset((await logBounds(database.db)).last ?? cursor);
            break;
          }
        }
      }
      const heard = held;
      held = null;
      for (const h of heard) handle(h.payload, h.id);
    };

    // Catch-ups run one after another; a failed one ends the stream (the reader comes back with its id).
    let chain = Promise.resolve();
    const run = (from: () => bigint | null) => {
      held ??= [];
      chain = chain
        .then(() => (ended ? undefined : catchUp(from())))
        .catch((e) => {
          req.log.warn({ err: e }, "event stream: catching up failed");
          res.end();
        });
    };

    const unsubscribe = bus.subscribe(spec.channel, (payload, id) => {
      if (held) held.push({ payload, id });
      else handle(payload, id);
    });
    // The listening connection lost and back: what was sent meanwhile is read from the log.
    let behind = false;
    const unwatch = bus.watchConnection((connected) => {
      if (!connected) behind = true;
      else if (behind) {
        behind = false;
        run(() => pos);
      }
    });
    run(() => resumeFrom);

    // Keep-alive; it also moves the reader's id past events it was not shown, so that a quiet board
    // coming back is not sent `reset` only because its last shown event has aged out.
    const ping = setInterval(() => {
      if (!held && pos !== null && pos !== told) position();
      write(": ping\n\n");
    }, heartbeatMs);
    const done = () => {
      if (ended) return;
      ended = true;
      clearInterval(ping);
      unsubscribe();
      unwatch();
      open.delete(res);
    };
    req.raw.on("close", done);
    res.on("close", done);
  }

  return { serve };
}
