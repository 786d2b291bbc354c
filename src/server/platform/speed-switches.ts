/**
 * The switches of the mechanisms that exist for speed alone. Each mechanism's file opens with what
 * it buys, measured, and the benchmark that shows it; with its switch set to `off` in the
 * environment (before start) the server takes the plain path instead, which answers the same — for
 * debugging, and to measure what the mechanism is worth. README ("Speed switches") and
 * docs/internals.md ("Speed mechanisms") list them with their figures.
 */
export const SPEED_SWITCHES = {
  /** modules/incidents/intake-batching.ts: reports arriving together are filed in one transaction. */
  intakeBatching: "QORGAN_INTAKE_BATCHING",
  /** platform/cache-while-listening.ts: sessions and routing's reference rows held in memory. */
  cacheWhileListening: "QORGAN_CACHE_WHILE_LISTENING",
  /** modules/registry/search-read-model/: registry list and search from memory (embedded database). */
  registryIndex: "QORGAN_REGISTRY_INDEX",
  /** platform/analyze-growing-tables.ts: ANALYZE the reports' tables while they are young. */
  analyzeGrowingTables: "QORGAN_ANALYZE_GROWING_TABLES",
  /** modules/consequences/tasks-in-events.ts: live consequence events carry the reader's changed tasks. */
  tasksInEvents: "QORGAN_TASKS_IN_EVENTS",
  /** modules/vulnerable-objects/cache-until-objects-change.ts: national aggregates held until an object changes. */
  objectsCache: "QORGAN_OBJECTS_CACHE",
  /** modules/audit/read-audit-group-commit.ts: audit entries of reads arriving together written in one transaction. */
  readAuditGroupCommit: "QORGAN_READ_AUDIT_GROUP_COMMIT",
} as const;

export type SpeedSwitch = keyof typeof SPEED_SWITCHES;

/** Whether a mechanism is on: unless its variable is `off`. Read when asked (callers ask once, at set-up). */
export function speedOn(name: SpeedSwitch, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[SPEED_SWITCHES[name]] !== "off";
}
