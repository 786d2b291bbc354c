/**
 * What a person's record looks like to someone who may handle it: identity decrypted, entries with
 * their bodies, the compensation of each kind of harm, the records linked into it. Built inside the
 * caller's transaction, or (the look-up by IIN) from one prepared statement that reads a record with
 * its entries, linked records and the reader's grants.
 */
import { and, asc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import {
  type CaseAccess,
  type CompensationFacts,
  compensationSummary,
  type DecisionOutcome,
  type HarmKind,
  type PersonRole,
  type PersonStatus,
  type Severity,
} from "../../../domain/affected-people";
import type { PersonDetail, personListItem } from "../../../domain/contracts/affected-people";
import type { Db, DbOrTx } from "../../platform/db";
import type { FieldCipher } from "../../platform/field-crypto";
import { namesOf } from "../../platform/sql";
import { type Person, peopleByIds } from "../auth";
import type { IncidentCase } from "../incidents";
import { bodyMap } from "../registry";
import { affectedPerson, affectedPersonEntry } from "./affected-people.tables";
import { decodeDetails, decodeIdentity, decodeName } from "./persons.codec";

export type PersonRow = typeof affectedPerson.$inferSelect;
export type EntryRow = typeof affectedPersonEntry.$inferSelect;
type ListItem = import("zod").infer<typeof personListItem>;
type BodyNames = Map<string, { id: string; names: ReturnType<typeof namesOf> }>;
/** Who recorded the entries: full name and body, by account id. */
type People = Map<string, Person>;

export async function bodyRefs(db: DbOrTx, ids: readonly (string | null)[]): Promise<BodyNames> {
  const m = await bodyMap(
    db,
    ids.filter((x): x is string => !!x),
  );
  return new Map([...m].map(([id, b]) => [id, { id, names: namesOf(b) }]));
}

export function listItemOf(cipher: FieldCipher, r: PersonRow, bodies: BodyNames): ListItem {
  return {
    id: r.id,
    role: r.role as PersonRole,
    ...decodeName(cipher, r),
    status: r.status as PersonStatus,
    severity: (r.severity as Severity | null) ?? null,
    hospital: r.hospitalBodyId ? (bodies.get(r.hospitalBodyId) ?? null) : null,
    hasIin: r.iinHash !== null,
    closed: r.closedAt !== null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const caseRefOf = (inc: IncidentCase) => ({
  incidentId: inc.id,
  regNumber: inc.regNumber,
  type: inc.type,
  occurredAt: inc.occurredAt.toISOString(),
  territory: { code: inc.territoryCode, path: inc.territoryPath },
});

export const compensationFactsOf = (entries: readonly EntryRow[]): CompensationFacts[] =>
  entries
    .filter((e) => e.kind === "compensation")
    .map((e) => ({
      harm: e.harm as HarmKind,
      stage: e.stage as CompensationFacts["stage"],
      amount: e.amount,
      outcome: (e.outcome as DecisionOutcome | null) ?? null,
    }));

export const entriesOf = (db: DbOrTx, personId: string) =>
  db
    .select()
    .from(affectedPersonEntry)
    .where(eq(affectedPersonEntry.personId, personId))
    .orderBy(asc(affectedPersonEntry.at), asc(affectedPersonEntry.recordedAt));

/** The ids of the records linked into person `id` (reconciliation). */
const linkedOf = async (db: DbOrTx, id: string) =>
  (
    await db.select({ id: affectedPerson.id }).from(affectedPerson).where(eq(affectedPerson.mergedIntoId, id))
  ).map((x) => x.id);

/** The bodies a record and its entries name. */
const bodyIdsOf = (r: PersonRow, entries: readonly EntryRow[]) => [
  r.hospitalBodyId,
  ...entries.flatMap((e) => [e.bodyId, e.hospitalBodyId]),
];

/** The record as its handler sees it, read inside the caller's transaction. */
export async function detailOf(
  db: DbOrTx,
  cipher: FieldCipher,
  r: PersonRow,
  inc: IncidentCase,
): Promise<PersonDetail> {
  const entries = await entriesOf(db, r.id);
  const linked = await linkedOf(db, r.id);
  const bodies = await bodyRefs(db, bodyIdsOf(r, entries));
  const people = await peopleByIds(
    db,
    entries.map((e) => e.recordedBy),
  );
  return detailFrom(cipher, { row: r, entries, linked }, inc, bodies, people);
}

/** A record with what its detail shows besides the case and the bodies' names. */
export type PersonLoaded = { row: PersonRow; entries: EntryRow[]; linked: string[] };

/**
 * The detail from what was read: every protected field it shows decrypted once (identity, each
 * entry's details), nothing else.
 */
export function detailFrom(
  cipher: FieldCipher,
  { row: r, entries, linked }: PersonLoaded,
  inc: IncidentCase,
  bodies: BodyNames,
  people: People,
): PersonDetail {
  const identity = decodeIdentity(cipher, r);
  const open = r.closedAt === null && r.anonymisedAt === null;
  return {
    id: r.id,
    role: r.role as PersonRole,
    surname: identity.surname,
    givenName: identity.givenName,
    patronymic: identity.patronymic,
    birthDate: identity.birthDate,
    status: r.status as PersonStatus,
    severity: (r.severity as Severity | null) ?? null,
    hospital: r.hospitalBodyId ? (bodies.get(r.hospitalBodyId) ?? null) : null,
    hasIin: r.iinHash !== null,
    closed: r.closedAt !== null,
    updatedAt: r.updatedAt.toISOString(),
    case: caseRefOf(inc),
    activationId: r.activationId,
    iin: identity.iin,
    phone: identity.phone,
    address: identity.address,
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind as PersonDetail["entries"][number]["kind"],
      at: e.at.toISOString(),
      body: e.bodyId ? (bodies.get(e.bodyId) ?? null) : null,
      status: (e.status as PersonStatus | null) ?? null,
      severity: (e.severity as Severity | null) ?? null,
      hospital: e.hospitalBodyId ? (bodies.get(e.hospitalBodyId) ?? null) : null,
      helpType: (e.helpType as PersonDetail["entries"][number]["helpType"]) ?? null,
      stage: e.stage,
      harm: (e.harm as HarmKind | null) ?? null,
      amount: e.amount,
      outcome: (e.outcome as DecisionOutcome | null) ?? null,
      reference: e.reference,
      details: decodeDetails(cipher, e.id, e.detailsEnc),
      mergedFrom: e.mergedFrom,
      recordedByName: e.recordedByName,
      recordedBy: people.get(e.recordedBy) ?? null,
      recordedAt: e.recordedAt.toISOString(),
    })),
    compensation: compensationSummary(compensationFactsOf(entries)),
    linkedRecords: linked,
    version: r.version,
    allowedActions: open ? ["edit", "add_entry", "close", "export"] : ["export"],
  };
}

/** Epoch milliseconds of a timestamp inside JSON (as the drivers' dates: sub-millisecond digits cut). */
const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::bigint`;

/*
 * The subqueries name the module's own tables under short aliases (the outer record as
 * "affected_person"); fixed text, the values bound as placeholders.
 */
const ENTRIES = `(select json_agg(json_build_object(
  'id', e.id, 'personId', e.person_id, 'kind', e.kind, 'at', ${ms("e.at")},
  'bodyId', e.body_id, 'status', e.status, 'severity', e.severity,
  'hospitalBodyId', e.hospital_body_id, 'helpType', e.help_type, 'stage', e.stage,
  'harm', e.harm, 'amount', e.amount, 'outcome', e.outcome, 'reference', e.reference,
  'detailsEnc', e.details_enc, 'mergedFrom', e.merged_from, 'recordedBy', e.recorded_by,
  'recordedByName', e.recorded_by_name, 'recordedAt', ${ms("e.recorded_at")}
) order by e.at, e.recorded_at) from affected_person_entry e where e.person_id = "affected_person".id)`;
const LINKED = `(select json_agg(m.id) from affected_person m where m.merged_into_id = "affected_person".id)`;

/**
 * The look-up by IIN in one statement (prepared once per database): the records with the keyed hash
 * (through `affected_person_iin_hash_idx`), each with its entries and the records linked into it, and
 * the reader's case grants in force (as `accessOf` reads them) — the module's own tables only; the
 * case comes from incidents.
 */
function iinLookupQuery(db: Db) {
  return db
    .select({
      row: getTableColumns(affectedPerson),
      entries: sql<EntryJson[] | null>`${sql.raw(ENTRIES)}`,
      linked: sql<string[] | null>`${sql.raw(LINKED)}`,
      access: sql<AccessJson[] | null>`(select json_agg(json_build_object(
        'incidentId', g.incident_id, 'activationId', g.activation_id, 'until', ${sql.raw(ms("g.until"))}
      )) from affected_person_access g where g.user_id = ${sql.placeholder("userId")}
        and g.revoked_at is null and g.until > ${sql.placeholder("now")}::timestamptz)`,
    })
    .from(affectedPerson)
    .where(and(eq(affectedPerson.iinHash, sql.placeholder("iinHash")), isNull(affectedPerson.mergedIntoId)))
    .prepare("affected_person_iin_lookup");
}

type EntryJson = Omit<EntryRow, "at" | "recordedAt"> & { at: number; recordedAt: number };
type AccessJson = { incidentId: string | null; activationId: string | null; until: number };

const prepared = new WeakMap<Db, ReturnType<typeof iinLookupQuery>>();

/**
 * The records with this keyed IIN hash (not linked into another), loaded for their detail, and the
 * reader's grants in force at `now` (as `accessOf` reads them).
 */
export async function personsByIinHash(
  db: Db,
  iinHash: string,
  userId: string,
  now: number,
): Promise<{ persons: PersonLoaded[]; access: CaseAccess[] }> {
  let q = prepared.get(db);
  if (!q) {
    q = iinLookupQuery(db);
    prepared.set(db, q);
  }
  const rows = await q.execute({ iinHash, userId, now: new Date(now).toISOString() });
  const persons = rows.map((x) => ({
    row: x.row,
    entries: (x.entries ?? []).map(
      (j): EntryRow => ({ ...j, at: new Date(Number(j.at)), recordedAt: new Date(Number(j.recordedAt)) }),
    ),
    linked: x.linked ?? [],
  }));
  const access = (rows[0]?.access ?? []).map((g) => ({
    incidentId: g.incidentId,
    activationId: g.activationId,
    until: Number(g.until),
  }));
  return { persons, access };
}

/** The people who recorded these records' entries, in one batched read (none: no read). */
export const recordersOf = (db: DbOrTx, persons: readonly PersonLoaded[]) =>
  peopleByIds(
    db,
    persons.flatMap((p) => p.entries.map((e) => e.recordedBy)),
  );

/** The bodies named by these records and their entries, in one read (none: no read). */
export const bodyRefsOf = (db: DbOrTx, persons: readonly PersonLoaded[]) =>
  bodyRefs(
    db,
    persons.flatMap((p) => bodyIdsOf(p.row, p.entries)),
  );
