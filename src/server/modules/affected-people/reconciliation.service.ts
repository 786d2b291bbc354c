/**
 * Missing-person reconciliation (R21.1, R21.2): one person, one record. The same IIN in a case links
 * at registration (persons.service.ts). Without an IIN to be sure, a person reported missing and one
 * found (hospitalised, injured, evacuated …) with the same surname, given name and date of birth are
 * proposed as one (keyed hash `name_birth_hash`: compared without decrypting) and confirmed or
 * rejected by someone who may handle the case's persons. Confirming keeps the record reported first,
 * moves the other's entries to it (each marked with the record it came from) and marks the other
 * linked into it: nothing is deleted, the history is whole.
 */
import { and, asc, eq, inArray, isNull, ne, or } from "drizzle-orm";
import { canHandlePersons, isMissingFoundPair } from "../../../domain/affected-people";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { AppError, notFound } from "../../platform/errors";
import { writeAudit } from "../audit";
import { incidentCase } from "../incidents";
import { affectedPerson, affectedPersonEntry, affectedPersonMatch } from "./affected-people.tables";
import { accessOf, personCaseOf, requireCaseReader } from "./case-access";
import type { Deps } from "./personal-data.settings";
import { decodeIdentity, encodeIdentity } from "./persons.codec";
import { applyStatus } from "./persons.status";
import { bodyRefs, listItemOf, type PersonRow } from "./persons.view";

type Ctx = Required<RequestContext>;

/** Propose `row` and each record of its case that looks like the same person, one missing and one found. */
export async function proposeMatches(tx: DbOrTx, row: PersonRow): Promise<number> {
  if (!row.nameBirthHash || row.mergedIntoId) return 0;
  const others = await tx
    .select()
    .from(affectedPerson)
    .where(
      and(
        eq(affectedPerson.incidentId, row.incidentId),
        eq(affectedPerson.nameBirthHash, row.nameBirthHash),
        isNull(affectedPerson.mergedIntoId),
        ne(affectedPerson.id, row.id),
      ),
    );
  let made = 0;
  for (const o of others) {
    // Two different IINs are two people, whatever their names.
    if (o.iinHash && row.iinHash && o.iinHash !== row.iinHash) continue;
    if (!isMissingFoundPair(o.status as never, row.status as never)) continue;
    const [missing, found] = o.status === "missing" ? [o, row] : [row, o];
    const inserted = await tx
      .insert(affectedPersonMatch)
      .values({
        incidentId: row.incidentId,
        missingId: missing.id,
        foundId: found.id,
        reason: "name_birth_date",
      })
      .onConflictDoNothing()
      .returning({ id: affectedPersonMatch.id });
    made += inserted.length;
  }
  return made;
}

/** Proposed matches of a case, both records shown (names): a read, audited. */
export async function listMatches(deps: Deps, ctx: Ctx, incidentId: string) {
  return deps.database.db.transaction(async (tx) => {
    const { inc, allows } = await requireCaseReader(tx, ctx.user.actor, incidentId);
    const matches = await tx
      .select()
      .from(affectedPersonMatch)
      .where(and(eq(affectedPersonMatch.incidentId, incidentId), eq(affectedPersonMatch.status, "proposed")))
      .orderBy(asc(affectedPersonMatch.proposedAt));
    const ids = matches.flatMap((m) => [m.missingId, m.foundId]);
    const rows = ids.length
      ? await tx.select().from(affectedPerson).where(inArray(affectedPerson.id, ids))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const bodies = await bodyRefs(
      tx,
      rows.map((r) => r.hospitalBodyId),
    );
    const items = matches
      .filter((m) => allows(byId.get(m.missingId)!) && allows(byId.get(m.foundId)!))
      .map((m) => ({
        id: m.id,
        reason: m.reason as "name_birth_date",
        status: m.status as "proposed",
        missing: listItemOf(deps.pd.cipher, byId.get(m.missingId)!, bodies),
        found: listItemOf(deps.pd.cipher, byId.get(m.foundId)!, bodies),
        proposedAt: m.proposedAt.toISOString(),
      }));
    if (items.length)
      await writeAudit(tx, ctx, {
        action: "personal.read",
        entityType: "affected_person_match_list",
        entityId: incidentId,
        territoryPath: inc.territoryPath,
        after: { records: items.length * 2 },
      });
    return { items };
  });
}

/** The match and both records when the actor may handle both; otherwise 404. */
async function handledMatch(tx: DbOrTx, ctx: Ctx, id: string) {
  const [m] = await tx.select().from(affectedPersonMatch).where(eq(affectedPersonMatch.id, id));
  if (!m) throw notFound();
  const inc = await incidentCase(tx, m.incidentId);
  if (!inc) throw notFound();
  const rows = await tx
    .select()
    .from(affectedPerson)
    .where(inArray(affectedPerson.id, [m.missingId, m.foundId]));
  const missing = rows.find((r) => r.id === m.missingId)!;
  const found = rows.find((r) => r.id === m.foundId)!;
  const access = await accessOf(tx, ctx.user.id);
  const now = Date.now();
  for (const r of [missing, found])
    if (!canHandlePersons(ctx.user.actor, personCaseOf(inc, r.activationId), access, now)) throw notFound();
  if (m.status !== "proposed") throw new AppError(409, "match_decided");
  return { m, inc, missing, found };
}

/** Confirm: the two records are one person. The earlier record is kept, the later one linked into it. */
export async function confirmMatch(deps: Deps, ctx: Ctx, id: string) {
  const { cipher } = deps.pd;
  return deps.database.db.transaction(async (tx) => {
    const { m, inc, missing, found } = await handledMatch(tx, ctx, id);
    if (missing.mergedIntoId || found.mergedIntoId) throw new AppError(409, "person_not_open");
    const [keep, link] =
      missing.createdAt.getTime() <= found.createdAt.getTime() ? [missing, found] : [found, missing];
    // The kept record takes what only the other one knew (IIN, date of birth, contacts).
    const a = decodeIdentity(cipher, keep);
    const b = decodeIdentity(cipher, link);
    const merged = {
      iin: a.iin ?? b.iin,
      surname: a.surname,
      givenName: a.givenName,
      patronymic: a.patronymic || b.patronymic,
      birthDate: a.birthDate ?? b.birthDate,
      phone: a.phone || b.phone,
      address: a.address || b.address,
    };
    const now = new Date();
    await tx
      .update(affectedPerson)
      .set({ mergedIntoId: keep.id, updatedAt: now, version: link.version + 1 })
      .where(eq(affectedPerson.id, link.id));
    await tx
      .update(affectedPersonEntry)
      .set({ personId: keep.id, mergedFrom: link.id })
      .where(eq(affectedPersonEntry.personId, link.id));
    await tx
      .update(affectedPerson)
      .set({ ...encodeIdentity(cipher, keep.id, merged), updatedAt: now, version: keep.version + 1 })
      .where(eq(affectedPerson.id, keep.id));
    await applyStatus(tx, keep.id);
    await tx
      .update(affectedPersonMatch)
      .set({ status: "confirmed", decidedBy: ctx.user.id, decidedAt: now })
      .where(eq(affectedPersonMatch.id, id));
    // Other proposals about the linked record are settled by this one.
    await tx
      .update(affectedPersonMatch)
      .set({ status: "rejected", decidedBy: ctx.user.id, decidedAt: now })
      .where(
        and(
          eq(affectedPersonMatch.status, "proposed"),
          or(eq(affectedPersonMatch.missingId, link.id), eq(affectedPersonMatch.foundId, link.id)),
        ),
      );
    await writeAudit(tx, ctx, {
      action: "affected_person.match_confirmed",
      entityType: "affected_person",
      entityId: keep.id,
      territoryPath: inc.territoryPath,
      after: { matchId: m.id, linked: link.id, reason: m.reason },
    });
    return { personId: keep.id };
  });
}

export async function rejectMatch(deps: Deps, ctx: Ctx, id: string) {
  return deps.database.db.transaction(async (tx) => {
    const { m, inc } = await handledMatch(tx, ctx, id);
    await tx
      .update(affectedPersonMatch)
      .set({ status: "rejected", decidedBy: ctx.user.id, decidedAt: new Date() })
      .where(eq(affectedPersonMatch.id, id));
    await writeAudit(tx, ctx, {
      action: "affected_person.match_rejected",
      entityType: "affected_person_match",
      entityId: m.id,
      territoryPath: inc.territoryPath,
      after: { missingId: m.missingId, foundId: m.foundId },
    });
    return { ok: true as const };
  });
}
