/**
 * What the public sees of threat levels, built from the decisions without their grounds (the query
 * that feeds it does not select them): each region's level now, the parts of it with a higher one,
 * and the announcements. Pure: the snapshot reads, this arranges.
 */
import type { Names } from "../../../domain/contracts/common";
import {
  changesOf,
  type DeclarationAction,
  type DeclarationFacts,
  effectiveEnd,
  highestWithin,
  LEVEL_RANK,
  levelAt,
  statusOf,
  type ThreatLevel,
} from "../../../domain/threat-levels";

/** A decision as published: no grounds, no author. */
export type PublicDecision = DeclarationFacts & {
  number: string;
  territories: string[];
  announcement: { kk: string; ru: string; en: string };
  /** The body in whose name it was made. */
  senderNames: Names | null;
};

export type PublicArea = { code: string; path: string; names: Names };

export type RegionLevel = {
  area: PublicArea;
  /** The decision whose level is in force there (the strongest covering it), or null. */
  decision: PublicDecision | null;
  /** When that stops being in force (its end or the start of its change), or null. */
  until: number | null;
  /** Units inside the region with a higher level in force than the region's own. */
  parts: { area: PublicArea; decision: PublicDecision; until: number | null }[];
};

export type PublicModel = {
  builtAt: number;
  regions: RegionLevel[];
  /** Every decision, newest first. */
  history: PublicDecision[];
  /** The decisions by id (for CAP documents and their references). */
  byId: Map<string, PublicDecision>;
  areas: Map<string, PublicArea>;
  /**
   * Approved public statements after an act (R21.3: limiting its moral-psychological effect), newest
   * first — from the consequences module; the body in whose name, never a person's.
   */
  statements: PublicStatement[];
};

export type PublicStatement = {
  id: string;
  text: { kk: string; ru: string; en: string };
  publishedAt: number;
  territoryNames: { kk: string; ru: string; en: string };
  bodyNames: { kk: string; ru: string; en: string };
};

export function buildPublicModel(
  decisions: readonly PublicDecision[],
  regionAreas: readonly PublicArea[],
  areas: ReadonlyMap<string, PublicArea>,
  now: number,
  statements: readonly PublicStatement[] = [],
): PublicModel {
  const changes = changesOf(decisions);
  const until = (d: PublicDecision) => effectiveEnd(d, changes.get(d.id));
  const inForce = decisions.filter((d) => statusOf(d, changes.get(d.id), now) === "in_force");
  const regions = regionAreas.map((area): RegionLevel => {
    const decision = levelAt(area.path, decisions, now);
    const own = decision?.level ? LEVEL_RANK[decision.level] : 0;
    const parts: RegionLevel["parts"] = [];
    for (const d of inForce) {
      if (!d.level || LEVEL_RANK[d.level] <= own) continue;
      d.territoryPaths.forEach((p, i) => {
        if (!p.startsWith(`${area.path}/`)) return;
        const strongest = levelAt(p, decisions, now);
        if (strongest?.id !== d.id) return; // a stronger one covers that part: listed for it
        const unit = areas.get(d.territories[i]) ?? {
          code: d.territories[i],
          path: p,
          names: fallback(d.territories[i]),
        };
        parts.push({ area: unit, decision: d, until: until(d) });
      });
    }
    parts.sort(
      (a, b) =>
        LEVEL_RANK[b.decision.level!] - LEVEL_RANK[a.decision.level!] ||
        a.area.code.localeCompare(b.area.code),
    );
    return { area, decision, until: decision ? until(decision) : null, parts };
  });
  const history = [...decisions].sort(
    (a, b) => b.createdAt - a.createdAt || b.number.localeCompare(a.number),
  );
  return {
    builtAt: now,
    regions,
    history,
    byId: new Map(decisions.map((d) => [d.id, d])),
    areas: new Map(areas),
    statements: [...statements].sort((a, b) => b.publishedAt - a.publishedAt),
  };
}

const fallback = (code: string): Names => ({ kk: code, ru: code, en: code });

/** The chain of decisions a change rests on, oldest first (the Alert first). */
export function chainOf(model: PublicModel, d: PublicDecision): PublicDecision[] {
  const out: PublicDecision[] = [];
  let cur = d.supersedesId ? model.byId.get(d.supersedesId) : undefined;
  while (cur) {
    out.unshift(cur);
    cur = cur.supersedesId ? model.byId.get(cur.supersedesId) : undefined;
  }
  return out;
}

/** The level a decision refers to: its own, or for a cancellation that of the decision it cancels. */
export function shownLevel(model: PublicModel, d: PublicDecision): ThreatLevel | null {
  if (d.level) return d.level;
  const prev = d.supersedesId ? model.byId.get(d.supersedesId) : undefined;
  return prev?.level ?? null;
}

/** The strongest level anywhere in a territory (for the signed-in header's "in parts"). */
export function highestIn(model: PublicModel, path: string): ThreatLevel | null {
  return highestWithin(path, [...model.byId.values()], model.builtAt)?.level ?? null;
}

export type { DeclarationAction };
