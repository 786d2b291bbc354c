/**
 * The vulnerable-objects module's public face (R10.5; Law "On counteraction to terrorism" art. 10-1–10-3;
 * Decrees No. 234 and No. 305): the registry of objects and the commissions' territorial lists, the
 * anti-terrorist protection passport and its workflow, inspections whose findings become orders under
 * prevention's control, target programmes, the compliance dashboard and the map layer. Its tables are its own.
 */
export {
  namedObjectFor,
  type ObjectLink,
  objectForLink,
  objectKeys,
  objectsVisibleTo,
  visibleObjectLinks,
} from "./object-links";
export { defaultVulnerableObjectsConfig, type VulnerableObjectsConfig } from "./objects.config";
export { type NationalObjectsResult, seedNationalObjects } from "./objects.national";
export { seedDemoObjects } from "./objects.seed";
export { runPassportReminders, startPassportReminders } from "./passport-reminders";
export { vulnerableObjectRoutes } from "./vulnerable-objects.routes";
