/**
 * The registry of affected people (R20, R21.2, R21.5; Law No. 94-V): register, read, edit, add dated
 * entries, close, the data subject's export, look-up by IIN. Every change in one transaction with its
 * audit entry; every read of a person's record audited (`personal.read`: who, which record, when) and
 * answered only once that entry is committed (audit's `auditReads`: reads at once share one write).
 * Audit entries and errors carry ids and codes, never personal data.
 * Whoever may not handle the case gets 404, whether or not the record exists.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import {
  canHandlePersons,
  compensationProblem,
  type PersonStatus,
  statusProblem,
} from "../../../domain/affected-people";
import type {
  EntryBody,
  PersonDetail,
  RegisterPersonBody,
  StatusEntryBody,
  UpdatePersonBody,
} from "../../../domain/contracts/affected-people";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { AppError, fieldError, notFound, versionConflict } from "../../platform/errors";
import { auditAlone, auditReads, writeAudit } from "../audit";
import { type IncidentCase, incidentCase } from "../incidents";
import { bodiesByIds } from "../registry";
import { affectedPerson, affectedPersonEntry } from "./affected-people.tables";
import { accessOf, personCaseOf, requireHandler } from "./case-access";
import type { Deps } from "./personal-data.settings";
import { encodeDetails, encodeIdentity, type Identity, iinLookupHash } from "./persons.codec";
import { applyStatus } from "./persons.status";
import {
  bodyRefsOf,
  compensationFactsOf,
  detailFrom,
  detailOf,
  entriesOf,
  type PersonRow,
  personsByIinHash,
  recordersOf,
} from "./persons.view";
import { proposeMatches } from "./reconciliation.service";

type Ctx = Required<RequestContext>;

/** Kinds of body a person may be hospitalised in: health organisations and the disaster-medicine service (R23). */
const HOSPITAL_KINDS = ["organisation", "response_force", "state_body"];
/** A fact may be dated a little ahead of the server's clock, not more. */
const CLOCK_SKEW_MS = 5 * 60_000;

const identityOf = (input: RegisterPersonBody | UpdatePersonBody): Identity => ({
  iin: input.iin ?? null,
  surname: input.surname,
  givenName: input.givenName,
  patronymic: input.patronymic,
  birthDate: input.birthDate ?? null,
  phone: input.phone,
  address: input.address,
});

/**
 * Run `fn` in one transaction with the person and its case when the actor may handle it; otherwise 404,
 * the same as for no such record — the refusal of an existing record audited (outcome "denied") apart
 * from the rolled-back transaction.
 */
async function withPerson<T>(
  deps: Deps,
  ctx: Ctx,
  id: string,
  fn: (tx: DbOrTx, row: PersonRow, inc: IncidentCase) => Promise<T>,
): Promise<T> {
  let refused: PersonRow | null = null;
  try {
    return await deps.database.db.transaction(async (tx) => {
      const [row] = await tx.select().from(affectedPerson).where(eq(affectedPerson.id, id));
      if (!row) throw notFound();
      const inc = await incidentCase(tx, row.incidentId);
      if (!inc) throw notFound();
      const access = await accessOf(tx, ctx.user.id);
      if (!canHandlePersons(ctx.user.actor, personCaseOf(inc, row.activationId), access, Date.now())) {
        refused = row;
        throw notFound();
      }
      return fn(tx, row, inc);
    });
  } catch (e) {
    const r = refused as PersonRow | null;
    if (r)
      await auditAlone(deps.database, ctx, {
        action: "personal.read",
        entityType: "affected_person",
        entityId: r.id,
        territoryPath: r.territoryPath,
        outcome: "denied",
      });
    throw e;
  }
}

/** Validate an entry against the person's record; the changes to the person a status entry makes. */
async function checkEntry(db: DbOrTx, entry: EntryBody, onFile: () => Promise<PersonRow | null>) {
  if (new Date(entry.at).getTime() > Date.now() + CLOCK_SKEW_MS) throw fieldError("at", "in_future");
  const ids = [entry.bodyId, entry.kind === "status" ? entry.hospitalBodyId : undefined].filter(
    (x): x is string => !!x,
  );
  const found = new Map((await bodiesByIds(db, ids)).map((b) => [b.id, b]));
  if (!found.has(entry.bodyId)) throw fieldError("bodyId", "invalid_value");
  if (entry.kind === "status") {
    const p = statusProblem(entry);
    if (p) throw fieldError(p.path, p.code);
    const h = entry.hospitalBodyId ? found.get(entry.hospitalBodyId) : undefined;
    if (entry.hospitalBodyId && (!h || !HOSPITAL_KINDS.includes(h.kind)))
      throw fieldError("hospitalBodyId", "invalid_value");
  }
  if (entry.kind === "compensation") {
    const person = await onFile();
    const onFileFacts = person ? compensationFactsOf(await entriesOf(db, person.id)) : [];
    const p = compensationProblem(onFileFacts, {
      harm: entry.harm,
      stage: entry.stage,
      amount: entry.amount ?? null,
      outcome: entry.outcome ?? null,
    });
    if (p) throw fieldError(p.path, p.code);
  }
}

async function insertEntry(tx: DbOrTx, deps: Deps, ctx: Ctx, personId: string, e: EntryBody) {
  const id = randomUUID();
  await tx.insert(affectedPersonEntry).values({
    id,
    personId,
    kind: e.kind,
    at: new Date(e.at),
    bodyId: e.bodyId,
    status: e.kind === "status" ? e.status : null,
    severity: e.kind === "status" ? (e.severity ?? null) : null,
    hospitalBodyId: e.kind === "status" ? (e.hospitalBodyId ?? null) : null,
    helpType: e.kind === "help" ? e.helpType : null,
    stage: e.kind === "rehabilitation" || e.kind === "compensation" ? e.stage : null,
    harm: e.kind === "compensation" ? e.harm : null,
    amount: e.kind === "compensation" ? (e.amount ?? null) : null,
    outcome: e.kind === "compensation" ? (e.outcome ?? null) : null,
    reference: e.kind === "compensation" ? e.reference : "",
    detailsEnc: encodeDetails(deps.pd.cipher, id, e.details),
    recordedBy: ctx.user.id,
    recordedByName: ctx.user.displayName,
  });
  return id;
}

/** What the audit log keeps of an entry: its kind and codes — never details, names or amounts. */
const entryAudit = (e: EntryBody) => ({
  kind: e.kind,
  ...(e.kind === "status" ? { status: e.status, severity: e.severity ?? null } : {}),
  ...(e.kind === "help" ? { helpType: e.helpType } : {}),
  ...(e.kind === "rehabilitation" ? { stage: e.stage } : {}),
  ...(e.kind === "compensation" ? { harm: e.harm, stage: e.stage, outcome: e.outcome ?? null } : {}),
  bodyId: e.bodyId,
});

export type RegisterResult = { person: PersonDetail; linked: boolean; proposedMatches: number };

/**
 * Register a person in a case with a first status. The same IIN already in the case: not a second
 * record — the status is added to that one (history kept) and `linked` answered. The same surname,
 * given name and date of birth of someone reported missing (or found): a match proposed for review.
 */
export async function registerPerson(
  deps: Deps,
  ctx: Ctx,
  incidentId: string,
  input: RegisterPersonBody,
): Promise<RegisterResult> {
  const { cipher } = deps.pd;
  const status: StatusEntryBody = { kind: "status", ...input.status };
  return deps.database.db.transaction(async (tx) => {
    const { inc } = await requireHandler(tx, ctx.user.actor, incidentId, input.activationId);
    await checkEntry(tx, status, async () => null);
    const identity = identityOf(input);
    if (identity.iin) {
      const [same] = await tx
        .select()
        .from(affectedPerson)
        .where(
          and(
            eq(affectedPerson.incidentId, incidentId),
            eq(affectedPerson.iinHash, iinLookupHash(cipher, identity.iin)),
            isNull(affectedPerson.mergedIntoId),
          ),
        );
      if (same) {
        await insertEntry(tx, deps, ctx, same.id, status);
        await applyStatus(tx, same.id);
        await tx
          .update(affectedPerson)
          .set({ version: same.version + 1 })
          .where(eq(affectedPerson.id, same.id));
        await writeAudit(tx, ctx, {
          action: "affected_person.linked",
          entityType: "affected_person",
          entityId: same.id,
          territoryPath: same.territoryPath,
          after: { reason: "iin", status: status.status },
        });
        const [row] = await tx.select().from(affectedPerson).where(eq(affectedPerson.id, same.id));
        return { person: await detailOf(tx, cipher, row, inc), linked: true, proposedMatches: 0 };
      }
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(affectedPerson)
      .values({
        id,
        incidentId,
        activationId: input.activationId ?? null,
        territoryPath: inc.territoryPath,
        role: input.role,
        status: status.status,
        severity: status.severity ?? null,
        hospitalBodyId: status.hospitalBodyId ?? null,
        ...encodeIdentity(cipher, id, identity),
        createdBy: ctx.user.id,
      })
      .returning();
    await insertEntry(tx, deps, ctx, id, status);
    await writeAudit(tx, ctx, {
      action: "affected_person.registered",
      entityType: "affected_person",
      entityId: id,
      territoryPath: inc.territoryPath,
      after: { incidentId, role: input.role, status: status.status, hasIin: identity.iin !== null },
    });
    const proposed = await proposeMatches(tx, row);
    return { person: await detailOf(tx, cipher, row, inc), linked: false, proposedMatches: proposed };
  });
}

/** A person's record, read: answered once the read's audit entry (who, which record, when) is committed. */
export async function readPerson(deps: Deps, ctx: Ctx, id: string): Promise<PersonDetail> {
  const { detail, territoryPath } = await withPerson(deps, ctx, id, async (tx, row, inc) => ({
    detail: await detailOf(tx, deps.pd.cipher, row, inc),
    territoryPath: row.territoryPath,
  }));
  await auditReads(deps.database, [
    { ctx, entry: { action: "personal.read", entityType: "affected_person", entityId: id, territoryPath } },
  ]);
  return detail;
}

export async function updatePerson(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: UpdatePersonBody,
): Promise<PersonDetail> {
  const { cipher } = deps.pd;
  return withPerson(deps, ctx, id, async (tx, row, inc) => {
    if (row.mergedIntoId || row.anonymisedAt || row.closedAt) throw new AppError(409, "person_not_open");
    if (row.version !== input.version) throw versionConflict();
    const identity = identityOf(input);
    const encoded = encodeIdentity(cipher, id, identity);
    if (encoded.iinHash && encoded.iinHash !== row.iinHash) {
      const [other] = await tx
        .select({ id: affectedPerson.id })
        .from(affectedPerson)
        .where(
          and(
            eq(affectedPerson.incidentId, row.incidentId),
            eq(affectedPerson.iinHash, encoded.iinHash),
            isNull(affectedPerson.mergedIntoId),
            ne(affectedPerson.id, id),
          ),
        );
      if (other) throw fieldError("iin", "iin_in_case");
    }
    const [updated] = await tx
      .update(affectedPerson)
      .set({ ...encoded, role: input.role, version: row.version + 1, updatedAt: new Date() })
      .where(eq(affectedPerson.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: "affected_person.updated",
      entityType: "affected_person",
      entityId: id,
      territoryPath: row.territoryPath,
      // Which fields changed, never their values.
      after: {
        role: input.role,
        changed: (["iinHash", "nameEnc", "birthDateEnc", "contactsEnc"] as const).filter(
          (k) => encoded[k] !== null || row[k] !== null,
        ).length,
      },
    });
    await proposeMatches(tx, updated);
    return detailOf(tx, cipher, updated, inc);
  });
}

export async function addEntry(deps: Deps, ctx: Ctx, id: string, entry: EntryBody): Promise<PersonDetail> {
  return withPerson(deps, ctx, id, async (tx, row, inc) => {
    if (row.mergedIntoId || row.anonymisedAt || row.closedAt) throw new AppError(409, "person_not_open");
    await checkEntry(tx, entry, async () => row);
    await insertEntry(tx, deps, ctx, id, entry);
    if (entry.kind === "status") await applyStatus(tx, id);
    await tx
      .update(affectedPerson)
      .set({ version: row.version + 1, updatedAt: new Date() })
      .where(eq(affectedPerson.id, id));
    await writeAudit(tx, ctx, {
      action: "affected_person.entry_added",
      entityType: "affected_person",
      entityId: id,
      territoryPath: row.territoryPath,
      after: entryAudit(entry),
    });
    const [updated] = await tx.select().from(affectedPerson).where(eq(affectedPerson.id, id));
    if (entry.kind === "status") await proposeMatches(tx, updated);
    return detailOf(tx, deps.pd.cipher, updated, inc);
  });
}

/** Close a record (help and compensation complete): the retention period runs from now. */
export async function closePerson(deps: Deps, ctx: Ctx, id: string): Promise<PersonDetail> {
  return withPerson(deps, ctx, id, async (tx, row, inc) => {
    if (row.mergedIntoId || row.anonymisedAt) throw new AppError(409, "person_not_open");
    if (row.closedAt) return detailOf(tx, deps.pd.cipher, row, inc);
    const [updated] = await tx
      .update(affectedPerson)
      .set({ closedAt: new Date(), version: row.version + 1, updatedAt: new Date() })
      .where(eq(affectedPerson.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: "affected_person.closed",
      entityType: "affected_person",
      entityId: id,
      territoryPath: row.territoryPath,
    });
    return detailOf(tx, deps.pd.cipher, updated, inc);
  });
}

/** The data subject's own file (Law No. 94-V): everything held on the person; audited as an export. */
export async function exportPerson(deps: Deps, ctx: Ctx, id: string) {
  return withPerson(deps, ctx, id, async (tx, row, inc) => {
    await writeAudit(tx, ctx, {
      action: "personal.exported",
      entityType: "affected_person",
      entityId: id,
      territoryPath: row.territoryPath,
    });
    const { allowedActions: _, ...person } = await detailOf(tx, deps.pd.cipher, row, inc);
    return {
      generatedAt: new Date().toISOString(),
      legalBasis:
        'Law of the Republic of Kazakhstan No. 94-V "On personal data and its protection"; Government Decree No. 1404, R20, R21.2, R21.5',
      person,
    };
  });
}

/**
 * Find a person by IIN among the cases the actor may handle (keyed hash, through its index: no record
 * is decrypted to search). Each record answered is a read, audited as such, and answered only once its
 * entry is committed; records of other cases are not mentioned (and not decrypted). A read only: no
 * transaction of its own. Two statements before the audit entry: one prepared statement for the
 * records, their entries, linked records and the reader's grants (`personsByIinHash`), then the cases
 * (incidents'; at once when several); a third for body names only when a record or entry names one.
 */
export async function lookupByIin(deps: Deps, ctx: Ctx, iin: string): Promise<PersonDetail[]> {
  const actor: Actor = ctx.user.actor;
  const db = deps.database.db;
  const now = Date.now();
  const { persons, access } = await personsByIinHash(
    db,
    iinLookupHash(deps.pd.cipher, iin),
    ctx.user.id,
    now,
  );
  if (!persons.length) return [];
  const incidentIds = [...new Set(persons.map((p) => p.row.incidentId))];
  const found = await Promise.all(incidentIds.map((i) => incidentCase(db, i)));
  const cases = new Map(incidentIds.map((i, k) => [i, found[k]]));
  const handled = persons.flatMap((p) => {
    const inc = cases.get(p.row.incidentId);
    return inc && canHandlePersons(actor, personCaseOf(inc, p.row.activationId), access, now)
      ? [{ p, inc }]
      : [];
  });
  if (!handled.length) return [];
  const loaded = handled.map((h) => h.p);
  const bodies = await bodyRefsOf(db, loaded);
  const people = await recordersOf(db, loaded);
  const out = handled.map(({ p, inc }) => detailFrom(deps.pd.cipher, p, inc, bodies, people));
  await auditReads(
    deps.database,
    out.map((p) => ({
      ctx,
      entry: {
        action: "personal.read" as const,
        entityType: "affected_person",
        entityId: p.id,
        territoryPath: p.case.territory.path,
        after: { via: "iin_lookup" },
      },
    })),
  );
  return out;
}

export type { PersonStatus };
