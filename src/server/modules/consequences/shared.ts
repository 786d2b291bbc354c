/** Small reads the consequence services share: territories by code and the commission that owns a plan. */
import type { Names } from "../../../domain/contracts/common";
import type { DbOrTx } from "../../platform/db";
import { fieldError } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { activeBodiesAt, type BodyRecord, territoryByCode } from "../registry";

export const NO_NAMES: Names = { kk: "", ru: "", en: "" };

export async function territoryOrField(db: DbOrTx, code: string, field = "territory") {
  const t = await territoryByCode(db, code);
  if (!t) throw fieldError(field, "invalid_kato");
  return t;
}

/** The commission seated at the territory (R3b, R5), or the ATC for the republic (R3a). */
export async function ownerAt(db: DbOrTx, path: string, field = "territory"): Promise<BodyRecord> {
  const kind = path === "KZ" ? "atc" : "commission";
  const [b] = await activeBodiesAt(db, path, [kind]);
  if (!b) throw fieldError(field, "invalid_value");
  return b;
}

export const refOf = (b: BodyRecord | undefined, id: string) => ({ id, names: b ? namesOf(b) : NO_NAMES });

/** The region of a path ("KZ/750000000/…" → "KZ/750000000"); the path itself above that. */
export const regionOf = (path: string) => path.split("/").slice(0, 2).join("/");
