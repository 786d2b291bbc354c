/**
 * What open boards hear of consequence work (R21), sent by NOTIFY in the transaction that makes the
 * change (platform/events.ts): which activation and task changed, where, and which bodies it concerns —
 * never a task's text or reasons (the event log keeps these payloads). On the stream each reader is
 * sent, with an activation or a task added or moved, the changed tasks of the bodies it acts for
 * (`tasks`, tasks-in-events.ts), which its board puts in place; an event without them (replayed after a
 * reconnect, or the switch off) makes the board re-read what it may see.
 */
import type { LiveTask } from "../../../domain/contracts/consequences";

export const CONSEQUENCES_CHANNEL = "consequences";

export type ConsequenceEvent = {
  event:
    | "activated"
    | "task_added"
    | "task_changed"
    | "request_changed"
    | "closed"
    | "escalated"
    | "restoration_changed";
  activationId: string;
  taskId?: string;
  /** The activation's territory and activating body: who sees the whole board. */
  territoryPath: string;
  activatorBodyId: string;
  /** The bodies whose tasks or requests this concerns: they see it too. */
  bodyIds: string[];
  at: string;
};

/** An event as a reader's stream sends it: `tasks` when it carries the reader's changed tasks. */
export type ConsequenceStreamEvent = ConsequenceEvent & { tasks?: LiveTask[] };

/**
 * The public page's channel (R21.3): NOTIFY on the commit that approves a public statement or withdraws
 * a published one; the payload names the statement only. Whoever builds the public page re-reads
 * `publishedStatements` when it hears it.
 */
export const CONSEQUENCE_PUBLIC_CHANNEL = "consequence_public";
