/**
 * What a person's record looks like to someone who may handle it: identity decrypted, entries with
 * their bodies, the compensation of each kind of harm, the records linked into it. Built inside the
 * caller's transaction (the read's audit entry is written in the same one).
 */
import { asc, eq, inArray } from "drizzle-orm";
import {
  type CompensationFacts,
  compensationSummary,
  type DecisionOutcome,
  type HarmKind,
  type PersonRole,
  type PersonStatus,
  type Severity,
} from "../../../domain/affected-people";
import type { PersonDetail, personListItem } from "../../../domain/contracts/affected-people";
import type { DbOrTx } from "../../platform/db";
import type { FieldCipher } from "../../platform/field-crypto";
import { namesOf } from "../../platform/sql";
import type { IncidentCase } from "../incidents";
import { bodyMap } from "../registry";
import { affectedPerson, affectedPersonEntry } from "./affected-people.tables";
import { decodeDetails, decodeIdentity, decodeName } from "./persons.codec";

export type PersonRow = typeof affectedPerson.$inferSelect;
export type EntryRow = typeof affectedPersonEntry.$inferSelect;
type ListItem = import("zod").infer<typeof personListItem>;
type BodyNames = Map<string, { id: string; names: ReturnType<typeof namesOf> }>;

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

export async function detailOf(
  db: DbOrTx,
  cipher: FieldCipher,
  r: PersonRow,
  inc: IncidentCase,
): Promise<PersonDetail> {
  const entries = await entriesOf(db, r.id);
  const linked = await db
    .select({ id: affectedPerson.id })
    .from(affectedPerson)
    .where(inArray(affectedPerson.mergedIntoId, [r.id]));
  const bodies = await bodyRefs(db, [
    r.hospitalBodyId,
    ...entries.flatMap((e) => [e.bodyId, e.hospitalBodyId]),
  ]);
  const identity = decodeIdentity(cipher, r);
  const open = r.closedAt === null && r.anonymisedAt === null;
  return {
    ...listItemOf(cipher, r, bodies),
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
      recordedAt: e.recordedAt.toISOString(),
    })),
    compensation: compensationSummary(compensationFactsOf(entries)),
    linkedRecords: linked.map((x) => x.id),
    version: r.version,
    allowedActions: open ? ["edit", "add_entry", "close", "export"] : ["export"],
  };
}
