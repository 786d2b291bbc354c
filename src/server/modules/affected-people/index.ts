/**
 * The affected-people module's public face (R20, R21.2, R21.5; Law No. 94-V "On personal data and its
 * protection"): the registry of victims and participants in suppressing an act of terrorism, the help,
 * rehabilitation and compensation each received, missing-person reconciliation — personal data
 * encrypted at rest, every read audited, need-to-know (a permission of its own). Others get counts only:
 * `personCountsFor` (no names, ever). Its tables are its own.
 */
export { affectedPeopleRoutes } from "./affected-people.routes";
export { seedDemoAffectedPeople } from "./affected-people.seed";
export { type CountsFilter, personCountsFor } from "./cases.service";
export {
  DEFAULT_RETENTION_DAYS,
  type Deps as AffectedPeopleDeps,
  type PersonalDataSettings,
  personalDataSettingsFrom,
  TEST_PERSONAL_DATA_KEY,
  testPersonalDataSettings,
} from "./personal-data.settings";
export { purgeExpiredPersons, startRetentionJob } from "./retention";
