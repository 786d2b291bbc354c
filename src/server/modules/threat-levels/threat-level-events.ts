/**
 * What open pages and the public snapshot hear of a threat-level decision, sent by NOTIFY in the
 * transaction that makes it (platform/events.ts): the level and where, never the grounds.
 */
import type { DeclarationAction, ThreatLevel } from "../../../domain/threat-levels";

export const THREAT_LEVEL_CHANNEL = "threat_level";

export type ThreatLevelEvent = {
  /**
   * task_confirmed: a body confirmed receipt of its measures or reported one done; task_escalated:
   * unconfirmed tasks were reported to HQs (no level changed by either).
   */
  event: "declared" | "changed" | "started" | "expired" | "task_confirmed" | "task_escalated";
  id: string;
  action: DeclarationAction;
  level: ThreatLevel | null;
  /** The level of the decision it changes (raise or lower), for a banner. */
  previousLevel: ThreatLevel | null;
  territoryPaths: string[];
  at: string;
};

/** Events about tasks: no level changes (the public snapshot ignores them). */
export const TASK_EVENTS: ReadonlySet<string> = new Set(["task_confirmed", "task_escalated"]);
