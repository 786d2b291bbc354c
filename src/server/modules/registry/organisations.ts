/**
 * Organisations other modules register on the fly (R16; the owners of vulnerable objects, R10.5): found
 * by BIN, or added as a body of kind "organisation" inside the caller's transaction and audited there,
 * so an import that fails leaves no organisation behind. The caller checks who may do it.
 */
import { eq, inArray } from "drizzle-orm";
import { buildSearchText } from "../../../domain/search";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { writeAudit } from "../audit";
import { type BodyRecord, territoryByCode } from "./lookups";
import { body } from "./registry.tables";

/** Bodies by BIN (any kind; unknown BINs are left out). */
export function bodiesByBins(db: DbOrTx, bins: readonly string[]): Promise<BodyRecord[]> {
  const unique = [...new Set(bins)];
  if (!unique.length) return Promise.resolve([]);
  return db.select().from(body).where(inArray(body.bin, unique));
}

/**
 * The body with this BIN, or a new organisation with it seated at `territoryCode` (audited as
 * `body.created` in `tx`). A BIN held by a body of another kind is returned as it is: the caller decides.
 */
export async function ensureOrganisation(
  tx: DbOrTx,
  ctx: Required<RequestContext>,
  input: { bin: string; nameKk: string; nameRu: string; territoryCode: string },
): Promise<{ body: BodyRecord; created: boolean }> {
  const [found] = await tx.select().from(body).where(eq(body.bin, input.bin));
  if (found) return { body: found, created: false };
  const t = await territoryByCode(tx, input.territoryCode);
  if (!t) throw new Error(`ensureOrganisation: unknown territory ${input.territoryCode}`);
  const values = {
    kind: "organisation",
    nameKk: input.nameKk,
    nameRu: input.nameRu,
    nameEn: "",
    territoryCode: input.territoryCode,
    bin: input.bin,
    createdBy: ctx.user.id,
    updatedBy: ctx.user.id,
  };
  const [row] = await tx
    .insert(body)
    .values({ ...values, searchText: buildSearchText([values.nameKk, values.nameRu, values.bin]) })
    .returning();
  await writeAudit(tx, ctx, {
    action: "body.created",
    entityType: "body",
    entityId: row.id,
    territoryPath: t.path,
    after: {
      kind: row.kind,
      nameKk: row.nameKk,
      nameRu: row.nameRu,
      bin: row.bin,
      territoryCode: row.territoryCode,
    },
  });
  return { body: row, created: true };
}
