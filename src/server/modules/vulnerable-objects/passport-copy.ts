/**
 * The object's copy of its newest passport (status, term, category, gaps), kept in the transaction that
 * changes the passport or the object's category: lists, the map and the compliance roll-up read only
 * the object's row.
 */
import { desc, eq } from "drizzle-orm";
import type { PassportSections } from "../../../domain/contracts/vulnerable-objects";
import { categoryOf, equipmentGaps } from "../../../domain/vulnerable-objects";
import type { DbOrTx } from "../../platform/db";
import { touchObjects } from "./cache-until-objects-change";
import type { VulnerableObjectsConfig } from "./objects.config";
import { objectPassport, vulnerableObject } from "./vulnerable-objects.tables";

export async function newestPassport(db: DbOrTx, objectId: string) {
  const [p] = await db
    .select()
    .from(objectPassport)
    .where(eq(objectPassport.objectId, objectId))
    .orderBy(desc(objectPassport.number))
    .limit(1);
  return p ?? null;
}

/** Recompute the copy; without a passport nothing required is recorded, so every requirement is a gap. */
export async function syncPassportCopy(db: DbOrTx, objectId: string, cfg: VulnerableObjectsConfig) {
  const [o] = await db.select().from(vulnerableObject).where(eq(vulnerableObject.id, objectId));
  if (!o) return;
  const p = await newestPassport(db, objectId);
  const required = categoryOf(cfg.catalogue, o.category)?.required ?? [];
  const engineering = (p?.sections as PassportSections | undefined)?.engineering;
  await db
    .update(vulnerableObject)
    .set({
      passportStatus: p?.status ?? null,
      passportValidUntil: p?.validUntil ?? null,
      passportCategory: p?.category ?? null,
      gaps: equipmentGaps(required, engineering),
    })
    .where(eq(vulnerableObject.id, objectId));
  await touchObjects(db);
}
