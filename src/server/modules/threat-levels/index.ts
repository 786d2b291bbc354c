/**
 * The threat-levels module's public face (Presidential Decree No. 611 of 09.08.2013; the Rules' R6,
 * R10.1, R21.3): declarations of the terrorist threat level per territory and period, changed only by
 * new decisions; the level in force anywhere; the job that records starts and expiries; the public
 * page and CAP 1.2 feed answered from memory. Its tables are its own.
 */
export { type DemoThreatLevelResult, seedDemoThreatLevel } from "./demo-threat-level.seed";
export { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
export { escalateUnconfirmedTasks } from "./threat-levels.escalation";
export { recordThreatLevelTransitions, startThreatLevelJobs } from "./threat-levels.jobs";
export { type ThreatLevelsModuleConfig, threatLevelsModule } from "./threat-levels.plugin";
export { defaultThreatLevelsConfig, type ThreatLevelsConfig } from "./threat-levels.service";
