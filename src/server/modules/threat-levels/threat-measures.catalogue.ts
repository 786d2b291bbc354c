/**
 * The catalogue of measures per level and kind of body (Decree No. 611 leaves the measures to the
 * bodies; the Rules' R6: prevention against the level of threat). The default lives in the domain
 * (threat-level-measures.ts); once the ATC changes it, the database holds the whole catalogue, versioned,
 * and declarations from then on task bodies by it. Tasks keep the measures (and their texts) they were
 * made with.
 */
import { asc } from "drizzle-orm";
import type { BodyKind } from "../../../domain/bodies";
import type { ThreatMeasureItem } from "../../../domain/contracts/threat-levels";
import type { Actor } from "../../../domain/roles";
import {
  catalogueProblems,
  DEFAULT_THREAT_MEASURES,
  type ThreatMeasure,
} from "../../../domain/threat-level-measures";
import { canEditThreatCatalogue } from "../../../domain/threat-level-policy";
import type { ThreatLevel } from "../../../domain/threat-levels";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { fieldError, forbidden, versionConflict } from "../../platform/errors";
import { lockForTransaction } from "../../platform/locks";
import { writeAudit } from "../audit";
import { threatMeasure } from "./threat-levels.tables";

type Ctx = Required<RequestContext>;

/** The catalogue in force and its version (0: the default, never changed). */
export async function measureCatalogue(db: DbOrTx): Promise<{ version: number; items: ThreatMeasure[] }> {
  const rows = await db.select().from(threatMeasure).orderBy(asc(threatMeasure.position));
  if (!rows.length) return { version: 0, items: [...DEFAULT_THREAT_MEASURES] };
  return {
    version: rows[0].version,
    items: rows.map((r) => ({
      key: r.key,
      from: r.fromLevel as ThreatLevel,
      kinds: r.kinds as BodyKind[],
      basis: r.basis,
      names: r.nameKk !== null ? { kk: r.nameKk, ru: r.nameRu ?? "", en: r.nameEn ?? "" } : null,
    })),
  };
}

const itemOf = (m: ThreatMeasure): ThreatMeasureItem => ({
  key: m.key,
  from: m.from,
  kinds: [...m.kinds],
  basis: [...m.basis],
  names: m.names ?? null,
});

export async function getCatalogue(db: DbOrTx, actor: Actor) {
  const c = await measureCatalogue(db);
  return { version: c.version, items: c.items.map(itemOf), canEdit: canEditThreatCatalogue(actor) };
}

/** Replaces the whole catalogue (optimistic: the version read); audited with before and after. */
export async function replaceCatalogue(
  database: Database,
  ctx: Ctx,
  input: { version: number; items: ThreatMeasureItem[] },
) {
  const actor = ctx.user.actor;
  if (!canEditThreatCatalogue(actor)) throw forbidden();
  const items: ThreatMeasure[] = input.items.map((i) => ({
    key: i.key,
    from: i.from,
    kinds: i.kinds,
    basis: i.basis,
    names: i.names && (i.names.kk.trim() || i.names.ru.trim()) ? i.names : null,
  }));
  const problem = catalogueProblems(items)[0];
  if (problem) throw fieldError(`items.${problem.index}.${problem.field}`, problem.code);
  return database.db.transaction(async (tx) => {
    await lockForTransaction(tx, "threatLevels");
    const before = await measureCatalogue(tx);
    if (before.version !== input.version) throw versionConflict();
    const version = before.version + 1;
    await tx.delete(threatMeasure);
    await tx.insert(threatMeasure).values(
      items.map((m, position) => ({
        key: m.key,
        position,
        fromLevel: m.from,
        kinds: [...m.kinds],
        basis: [...m.basis],
        nameKk: m.names?.kk ?? null,
        nameRu: m.names?.ru ?? null,
        nameEn: m.names?.en ?? null,
        version,
        updatedBy: ctx.user.id,
      })),
    );
    await writeAudit(tx, ctx, {
      action: "threat_level.catalogue_replaced",
      entityType: "threat_measure_catalogue",
      entityId: String(version),
      territoryPath: "KZ",
      before: { version: before.version, keys: before.items.map((m) => m.key) },
      after: { version, items: items.map(itemOf) },
    });
    return getCatalogue(tx, actor);
  });
}
