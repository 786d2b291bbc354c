/**
 * The consequences module's public face (the Rules, ch. 4: R20–R23): response forces' details,
 * readiness and beds; consequence plans made in advance with their check and approval by a
 * commission's protocol decision; activation into live tasks for bodies and forces with the overdue
 * job; restoring normal life (damaged objects, environmental checks, public statements — the approved
 * ones for the public page: `publishedStatements`, `CONSEQUENCE_PUBLIC_CHANNEL`); the commission's
 * read-only summary. Its tables are its own.
 */
export {
  CONSEQUENCE_PUBLIC_CHANNEL,
  CONSEQUENCES_CHANNEL,
  type ConsequenceEvent,
} from "./consequence-events";
export { runConsequencesControl, startConsequencesJobs } from "./consequences.jobs";
export { consequenceRoutes } from "./consequences.routes";
export { seedDemoConsequences } from "./consequences.seed";
export { type ConsequencesConfig, defaultConsequencesConfig } from "./forces.service";
export {
  type PublicStatementEvent,
  type PublishedStatement,
  publishedStatements,
} from "./restoration.service";
