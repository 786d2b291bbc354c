/**
 * Who may declare and change terrorist threat levels, and who reads what of a declaration — pure, like
 * policy.ts. Declaring is a setting per role and territory tier (`DeclarerRule`): by default the ATC
 * (its coordinators) for any territory, and the operational HQ of a region or a city of republican
 * significance (its officers) for its own region and what lies in it. Everyone else may not.
 * The level itself is public; the grounds are restricted (never public).
 */
import type { Actor, Role } from "./roles";
import { isAncestorOrSelf, isInSubtree, MARITIME_TERRITORY, pathCodes } from "./territory";

/** Tiers of the territory tree, from a materialised path. */
export const territoryTiers = ["republic", "maritime", "region", "district", "local"] as const;
export type TerritoryTier = (typeof territoryTiers)[number];

export function tierOf(path: string): TerritoryTier {
  const codes = pathCodes(path);
  if (codes.length <= 1) return "republic";
  if (codes.length === 2) return codes[1] === MARITIME_TERRITORY ? "maritime" : "region";
  return codes.length === 3 ? "district" : "local";
}

/**
 * A holder of `role` whose grant is at one of `grantTiers` may declare for territories of
 * `territoryTiers` inside the grant's subtree.
 */
export type DeclarerRule = {
  role: Role;
  grantTiers: readonly TerritoryTier[];
  territoryTiers: readonly TerritoryTier[];
};

export const DEFAULT_DECLARERS: readonly DeclarerRule[] = [
  { role: "atc_coordinator", grantTiers: territoryTiers, territoryTiers },
  { role: "hq_officer", grantTiers: ["region"], territoryTiers: ["region", "district", "local"] },
];

function mayDeclareAt(actor: Actor, path: string, rules: readonly DeclarerRule[]): boolean {
  return actor.grants.some((g) =>
    rules.some(
      (r) =>
        r.role === g.role &&
        r.grantTiers.includes(tierOf(g.territoryPath)) &&
        r.territoryTiers.includes(tierOf(path)) &&
        isInSubtree(path, g.territoryPath),
    ),
  );
}

/** Declare (or change a declaration) for every one of these territories. */
export function canDeclareThreatLevel(
  actor: Actor,
  territoryPaths: readonly string[],
  rules: readonly DeclarerRule[] = DEFAULT_DECLARERS,
): boolean {
  return territoryPaths.length > 0 && territoryPaths.every((p) => mayDeclareAt(actor, p, rules));
}

/** The subtrees in which the actor may declare at all (for the "Declare" button). */
export function declarableScopes(actor: Actor, rules: readonly DeclarerRule[] = DEFAULT_DECLARERS): string[] {
  return actor.grants
    .filter((g) => rules.some((r) => r.role === g.role && r.grantTiers.includes(tierOf(g.territoryPath))))
    .map((g) => g.territoryPath);
}

/** A declaration concerns a grant when it covers the grant's territory or lies within it. */
const related = (paths: readonly string[], scope: string) =>
  paths.some((p) => isAncestorOrSelf(p, scope) || isInSubtree(p, scope));

/** Signed-in users see the declarations that concern their territory (out of scope: 404). */
export function canReadThreatDeclaration(actor: Actor, territoryPaths: readonly string[]): boolean {
  return actor.grants.some((g) => related(territoryPaths, g.territoryPath));
}

const GROUNDS_READERS: readonly Role[] = ["atc_coordinator", "hq_officer", "auditor"];

/** The grounds: those who may change the declaration, and the ATC, HQs and auditors it concerns. */
export function canReadThreatGrounds(
  actor: Actor,
  territoryPaths: readonly string[],
  rules: readonly DeclarerRule[] = DEFAULT_DECLARERS,
): boolean {
  return (
    canDeclareThreatLevel(actor, territoryPaths, rules) ||
    actor.grants.some((g) => GROUNDS_READERS.includes(g.role) && related(territoryPaths, g.territoryPath))
  );
}

/** The measures catalogue is the country's: the ATC's coordinators and administrators at the root edit it. */
export function canEditThreatCatalogue(actor: Actor): boolean {
  return actor.grants.some(
    (g) => (g.role === "atc_coordinator" || g.role === "administrator") && g.territoryPath === "KZ",
  );
}
