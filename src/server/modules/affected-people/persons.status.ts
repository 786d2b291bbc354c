/** A person's current status (in clear, for counts) follows the newest status entry by the date of the fact. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { affectedPerson } from "./affected-people.tables";
import { entriesOf } from "./persons.view";

/** The person's current status follows the newest status entry (by the date of the fact). */
export async function applyStatus(tx: DbOrTx, personId: string) {
  const rows = await entriesOf(tx, personId);
  const last = rows.filter((e) => e.kind === "status").at(-1);
  if (!last) return;
  await tx
    .update(affectedPerson)
    .set({
      status: last.status!,
      severity: last.severity,
      hospitalBodyId: last.hospitalBodyId,
      updatedAt: new Date(),
    })
    .where(eq(affectedPerson.id, personId));
}
