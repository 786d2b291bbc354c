/**
 * The incidents module's public face (Rules ch. 3, R16): reports from any body or organisation,
 * routed to the competent operational HQ, triaged, escalated when not acknowledged, grouped into
 * campaigns; the live board's events. Its tables are its own: operations link reports through
 * `linkToOperation`, never by writing them.
 */
export {
  type IncidentCase,
  incidentCase,
  incidentCases,
  incidentCasesUnder,
  incidentKeys,
} from "./case-scope";
export { fileDemoIncident } from "./demo-incident";
export { type DemoObjectReport, seedDemoObjectReport } from "./demo-object-report";
export { type DemoPastReports, seedDemoPastIncidents } from "./demo-past.seed";
export { INCIDENT_CHANNEL, type IncidentEvent } from "./incident-events";
export { startIncidentJobs } from "./incidents.jobs";
export { incidentRoutes } from "./incidents.routes";
export { defaultIncidentsConfig, type IncidentsConfig } from "./incidents.service";
export { incidentMapRoutes } from "./map";
export { incidentsOfOperation, linkToOperation } from "./operation-links";
export { type IncidentOverview, type IncidentRef, incidentsWithin, readableIncident } from "./summary";
