/** The meta module's public face: health, version, the Rules' text and the map's boundaries. */
export { loadRulesKk, metaRoutes } from "./meta.routes";
