/**
 * Levels in force now, from the in-memory snapshot (no database query for the levels): every region's
 * for the app's map, and the reader's own territories' for the header of every signed-in page.
 */
import type { TerritoryLevel } from "../../../domain/contracts/threat-levels";
import type { Actor } from "../../../domain/roles";
import { pathCodes } from "../../../domain/territory";
import { changesOf, effectiveEnd, highestWithin, levelAt } from "../../../domain/threat-levels";
import type { DbOrTx } from "../../platform/db";
import { namesOf } from "../../platform/sql";
import { territoriesByCodes } from "../registry";
import type { PublicArea, PublicDecision } from "./public-model";
import type { Snapshot } from "./public-snapshot";

function levelOf(area: PublicArea, decisions: readonly PublicDecision[], now: number): TerritoryLevel {
  const d = levelAt(area.path, decisions, now);
  const changes = changesOf(decisions);
  const end = d ? effectiveEnd(d, changes.get(d.id)) : null;
  return {
    territory: { code: area.code, path: area.path, names: area.names },
    level: d?.level ?? null,
    declarationId: d?.id ?? null,
    endsAt: end === null ? null : new Date(end).toISOString(),
    highestWithin: highestWithin(area.path, decisions, now)?.level ?? null,
  };
}

/** The republic, then every region, city of republican significance and the maritime zone. */
export function currentLevels(snap: Snapshot) {
  const now = Date.now();
  const decisions = [...snap.model.byId.values()];
  const kz: PublicArea = snap.model.areas.get("KZ") ?? {
    code: "KZ",
    path: "KZ",
    names: { kk: "KZ", ru: "KZ", en: "KZ" },
  };
  return {
    items: [kz, ...snap.model.regions.map((r) => r.area)].map((a) => levelOf(a, decisions, now)),
    builtAt: new Date(snap.model.builtAt).toISOString(),
  };
}

/** The level at each territory the reader holds a role for (one entry per territory). */
export async function myLevels(db: DbOrTx, actor: Actor, snap: Snapshot) {
  const paths = [...new Set(actor.grants.map((g) => g.territoryPath))];
  const codes = paths.map((p) => pathCodes(p).at(-1)!);
  const units = new Map((await territoriesByCodes(db, codes)).map((u) => [u.code, u]));
  const decisions = [...snap.model.byId.values()];
  const now = Date.now();
  return {
    items: paths.map((path, i) => {
      const u = units.get(codes[i]);
      const area = {
        code: codes[i],
        path,
        names: u ? namesOf(u) : { kk: codes[i], ru: codes[i], en: codes[i] },
      };
      return levelOf(area, decisions, now);
    }),
  };
}
