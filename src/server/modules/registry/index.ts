/**
 * The registry's public face: what other modules and the entry may use. The coordination registry
 * of the Rules (R3–R5, R13, R18, R22–R23): the territory tree (KATO), the bodies of every kind and
 * their memberships. Its tables (`registry.tables.ts`) are its own: other modules read through the
 * look-ups below and write through its services.
 */

export {
  type DemoBodySpec,
  type DemoRegistryResult,
  demoBodyFor,
  seedDemoRegistry,
} from "./demo.seed";
export {
  activeBodiesAt,
  activeBodiesNamed,
  activeBodiesWithin,
  type BodyRecord,
  bodiesByIds,
  bodyById,
  bodyMap,
  childTerritories,
  countTerritories,
  type HqRecord,
  hqsAt,
  memberBodyIds,
  membersOf,
  registryKeys,
  type TerritoryRecord,
  territoriesByCodes,
  territoryByCode,
} from "./lookups";
export { bodiesByBins, ensureOrganisation } from "./organisations";
export { registryRoutes } from "./registry.routes";
export { ensureSystemBodies, findBody, type SystemBodiesResult } from "./registry.seed";
export { BODY_CHANGED_CHANNEL } from "./search-read-model/body-index";
export { DATA_DIR, importTerritories, loadGeo } from "./territories.import";
export { ancestorPaths, getTerritory } from "./territories.service";
export { boundaryCodeOfPath, pointOutsideTerritory, territoryPoints } from "./territory-places";
