/**
 * Tasks in events — speed mechanism (switch: QORGAN_TASKS_IN_EVENTS=off).
 *
 * Buys: an activation's tasks on every open board without a re-read. bench/consequences.ts
 * (PostgreSQL 15, 200 tasks for 50 forces, 100 boards open, 2026-12-07, two shared cores, load
 * average ~10; docs/internals.md, "Speed mechanisms"): from the activation's time in its transaction
 * to all of a board's tasks on it, p99 211 ms with it against 951 ms without in neighbouring runs
 * (2,292 ms without at load average 14); the boards had their tasks ~24 ms before the HQ had its 201.
 *
 * Why: an activation gives tasks to dozens of bodies at once, and every board open on them, hearing
 * of it, re-read its tasks (GET /api/consequences/tasks/mine): 100 boards, 100 reads at the same
 * moment, queued behind each other on the pool and the bulk-read admission. Here the instance that
 * hears the event reads the changed tasks once (the activation's, or the one task added or moved),
 * and each open stream is sent, with the event, those of them that are tasks of the bodies its reader
 * acts for — exactly what "my tasks" would show it of them, presented for that reader (its allowed
 * actions); never another body's task. The board puts them in place without asking.
 *
 * The NOTIFY and the event log still carry ids only (consequence-events.ts). An event replayed from
 * the log (after a reconnect), or one whose tasks could not be read, comes without `tasks`, and the
 * board re-reads, as every board does with the switch off.
 */
import { asc, eq, inArray } from "drizzle-orm";
import type { Actor } from "../../../domain/roles";
import type { Database, DbOrTx } from "../../platform/db";
import type { EventBus, Listener } from "../../platform/events";
import { speedOn } from "../../platform/speed-switches";
import { bodyMap } from "../registry";
import { ownBodyIds, presentTasks } from "./activations.service";
import {
  CONSEQUENCES_CHANNEL,
  type ConsequenceEvent,
  type ConsequenceStreamEvent,
} from "./consequence-events";
import { activation, liveTask } from "./consequences.tables";

type Changed = {
  activation: typeof activation.$inferSelect;
  rows: (typeof liveTask.$inferSelect)[];
  bodies: Awaited<ReturnType<typeof bodyMap>>;
};

/** Where the changed tasks ride on an event inside this instance: a symbol, so never serialised as such. */
const CHANGED = Symbol("changed tasks");

/** The tasks an event changed, read once for every stream of this instance; null: none to carry. */
async function changedTasks(db: DbOrTx, e: ConsequenceEvent): Promise<Changed | null> {
  if (!e || typeof e.activationId !== "string") return null;
  let rows: Changed["rows"];
  if (e.event === "activated")
    rows = await db
      .select()
      .from(liveTask)
      .where(eq(liveTask.activationId, e.activationId))
      .orderBy(asc(liveTask.position));
  else if ((e.event === "task_added" || e.event === "task_changed") && typeof e.taskId === "string")
    rows = await db
      .select()
      .from(liveTask)
      .where(inArray(liveTask.id, [e.taskId]));
  else return null;
  const [a] = await db.select().from(activation).where(eq(activation.id, e.activationId));
  if (!a) return null;
  return { activation: a, rows, bodies: await bodyMap(db, [...new Set(rows.map((t) => t.bodyId))]) };
}

/**
 * The bus the consequence streams listen on: the same events, in the same order, each with the tasks
 * it changed attached (read while the previous event is still being sent). Off: the bus as it is.
 */
export function withChangedTasks(database: Database, bus: EventBus): EventBus {
  if (!speedOn("tasksInEvents")) return bus;
  const listeners = new Set<Listener>();
  let unsubscribe: (() => void) | null = null;
  let sent = Promise.resolve();
  const heard: Listener = (payload, id) => {
    const reading = changedTasks(database.db, payload as ConsequenceEvent).catch(() => null);
    sent = sent.then(async () => {
      const changed = await reading;
      const p = changed ? { ...(payload as object), [CHANGED]: changed } : payload;
      for (const fn of listeners) {
        try {
          fn(p, id);
        } catch {
          /* one broken stream must not stop the others */
        }
      }
    });
  };
  return {
    subscribe(channel, fn) {
      if (channel !== CONSEQUENCES_CHANNEL) return bus.subscribe(channel, fn);
      listeners.add(fn);
      unsubscribe ??= bus.subscribe(CONSEQUENCES_CHANNEL, heard);
      return () => {
        listeners.delete(fn);
        if (!listeners.size && unsubscribe) {
          unsubscribe();
          unsubscribe = null;
        }
      };
    },
    watchConnection: (fn) => bus.watchConnection(fn),
    // The app's bus: closed by the app, not by the streams.
    close: async () => {},
  };
}

/**
 * The event as this reader is sent it: with `tasks`, the changed tasks of the bodies it acts for (as
 * GET /api/consequences/tasks/mine presents them), when the event carries its tasks; else as published.
 */
export function eventForReader(actor: Actor, payload: unknown): unknown {
  if (!payload || typeof payload !== "object" || !(CHANGED in payload)) return payload;
  const { [CHANGED]: changed, ...event } = payload as { [CHANGED]: Changed } & ConsequenceEvent;
  const own = new Set(ownBodyIds(actor));
  const tasks = presentTasks(
    actor,
    changed.activation,
    changed.rows.filter((t) => own.has(t.bodyId)),
    changed.bodies,
    Date.now(),
  );
  const sent: ConsequenceStreamEvent = { ...event, tasks };
  return sent;
}
