/**
 * The administrative-territorial tree (R3, R18). Pure helpers over materialised paths.
 * A path is the chain of codes from the root joined by "/": "KZ/750000000/751710000".
 */
import { isValidKato } from "./identifiers";

export const ROOT_TERRITORY = "KZ";
/** Kazakh sector of the Caspian Sea (continental shelf) — not a KATO unit; defined by the system for the marine HQ (R18). */
export const MARITIME_TERRITORY = "KZ-CASPIAN";

export const territoryTypes = [
  "republic",
  "region",
  "city_republican",
  "district",
  "city_regional",
  "city_district",
  "rural_okrug",
  "settlement",
  "maritime",
] as const;
export type TerritoryType = (typeof territoryTypes)[number];

/** Territories that get their own anti-terrorism commission and operational HQ (R3, R18). */
export const COORDINATED_TYPES: readonly TerritoryType[] = [
  "region",
  "city_republican",
  "district",
  "city_regional",
];

export function isTerritoryCode(code: string): boolean {
  return code === ROOT_TERRITORY || code === MARITIME_TERRITORY || isValidKato(code);
}

export function isInSubtree(path: string, scopePath: string): boolean {
  return path === scopePath || path.startsWith(`${scopePath}/`);
}

/** True when `ancestorPath` is the path itself or one of its ancestors. */
export function isAncestorOrSelf(ancestorPath: string, path: string): boolean {
  return isInSubtree(path, ancestorPath);
}

export function pathCodes(path: string): string[] {
  return path.split("/");
}
