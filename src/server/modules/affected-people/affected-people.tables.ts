import { sql } from "drizzle-orm";
import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authKeys } from "../auth";
import { incidentKeys } from "../incidents";
import { registryKeys } from "../registry";

/**
 * A person affected by an act of terrorism (R20, R21.2, R21.5): a victim or a participant in its
 * suppression, in one case (an incident; an activation of a consequence plan when there is one).
 * Personal data (Law No. 94-V): every `*_enc` column is AES-256-GCM ciphertext (platform/field-crypto.ts)
 * bound to this row and column; the key is outside the database. Exact look-ups go through keyed hashes
 * (`iin_hash`, `name_birth_hash`), never the plaintext. Status and counts stay in clear for statistics.
 */
export const affectedPerson = pgTable(
  "affected_person",
  {
    /** Made by the service before the insert: the ciphertexts are bound to it. */
    id: uuid("id").primaryKey(),
    incidentId: uuid("incident_id").notNull().references(incidentKeys.incident),
    /** The activation of a consequence plan (the consequences module's; no foreign key). */
    activationId: uuid("activation_id"),
    /** The incident's territory path, copied: scope of the personal-data role and of the counts. */
    territoryPath: text("territory_path").notNull(),
    role: text("role").notNull(),
    /** The current status and severity (the newest status entry), in clear for counts. */
    status: text("status").notNull(),
    severity: text("severity"),
    hospitalBodyId: uuid("hospital_body_id").references(registryKeys.body),
    /** HMAC of the IIN (look-up and the automatic link); null: no IIN known, or anonymised. */
    iinHash: text("iin_hash"),
    iinEnc: text("iin_enc"),
    /** { surname, givenName, patronymic } as JSON; null once anonymised. */
    nameEnc: text("name_enc"),
    birthDateEnc: text("birth_date_enc"),
    /** { phone, address } as JSON. */
    contactsEnc: text("contacts_enc"),
    /** HMAC of surname, given name and date of birth (domain `nameBirthKey`): proposed matches. */
    nameBirthHash: text("name_birth_hash"),
    /** Linked into another record as the same person (reconciliation): hidden from lists and counts. */
    mergedIntoId: uuid("merged_into_id"),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    anonymisedAt: timestamp("anonymised_at", { withTimezone: true }),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("affected_person_incident_idx").on(t.incidentId),
    index("affected_person_activation_idx").on(t.activationId),
    index("affected_person_territory_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("affected_person_iin_hash_idx").on(t.iinHash),
    index("affected_person_name_birth_idx").on(t.incidentId, t.nameBirthHash),
    index("affected_person_hospital_idx").on(t.hospitalBodyId),
    index("affected_person_closed_idx").on(t.closedAt).where(sql`${t.closedAt} is not null`),
    index("affected_person_merged_idx").on(t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // One record per IIN per case: a second report of the same IIN is linked, not duplicated.
    uniqueIndex("affected_person_case_iin_uq")
      .on(t.incidentId, t.iinHash)
      .where(sql`${t.iinHash} is not null and ${t.mergedIntoId} is null`),
  ],
);

/**
 * Dated entries of a person: status (with the body that reported it), help, rehabilitation steps and
 * compensation (claim → decision → payment), each with the body that gave it. `details_enc` (free text,
 * medical details among them) is encrypted. Entries are added, never edited.
 */
export const affectedPersonEntry = pgTable(
  "affected_person_entry",
  {
    id: uuid("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => affectedPerson.id),
    kind: text("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    bodyId: uuid("body_id").references(registryKeys.body),
    status: text("status"),
    severity: text("severity"),
    hospitalBodyId: uuid("hospital_body_id").references(registryKeys.body),
    helpType: text("help_type"),
    /** Rehabilitation stage or compensation stage. */
    stage: text("stage"),
    harm: text("harm"),
    amount: bigint("amount", { mode: "number" }),
    outcome: text("outcome"),
    reference: text("reference").notNull().default(""),
    detailsEnc: text("details_enc"),
    /** The record it was first entered on, when two records were linked as one person. */
    mergedFrom: uuid("merged_from"),
    recordedBy: uuid("recorded_by").notNull(),
    recordedByName: text("recorded_by_name").notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("affected_person_entry_person_idx").on(t.personId, t.at),
    index("affected_person_entry_body_idx").on(t.bodyId),
    index("affected_person_entry_hospital_idx").on(t.hospitalBodyId),
  ],
);

/**
 * A proposal that two records of a case are one person (reported missing, then found — by surname,
 * given name and date of birth, without an IIN to be sure): confirmed or rejected by someone who may
 * handle the case's persons.
 */
export const affectedPersonMatch = pgTable(
  "affected_person_match",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    incidentId: uuid("incident_id").notNull().references(incidentKeys.incident),
    missingId: uuid("missing_id")
      .notNull()
      .references(() => affectedPerson.id),
    foundId: uuid("found_id")
      .notNull()
      .references(() => affectedPerson.id),
    reason: text("reason").notNull(),
    status: text("status").notNull().default("proposed"),
    proposedAt: timestamp("proposed_at", { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [
    index("affected_person_match_incident_idx").on(t.incidentId, t.status),
    uniqueIndex("affected_person_match_pair_uq").on(t.missingId, t.foundId),
    index("affected_person_match_found_idx").on(t.foundId),
  ],
);

/**
 * Access to the persons of one case (an incident or an activation), given to a user by the case's HQ
 * or commission until a time; revocable. The personal-data permission is never implied by other roles.
 */
export const affectedPersonAccess = pgTable(
  "affected_person_access",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").notNull().references(authKeys.user),
    /** The user name given access (as it was then; shown in the list of grants). */
    userName: text("user_name").notNull().default(""),
    incidentId: uuid("incident_id").references(incidentKeys.incident),
    activationId: uuid("activation_id"),
    until: timestamp("until", { withTimezone: true }).notNull(),
    grantedBy: uuid("granted_by").notNull().references(authKeys.user),
    grantedByName: text("granted_by_name").notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedBy: uuid("revoked_by"),
  },
  (t) => [
    index("affected_person_access_user_idx").on(t.userId),
    index("affected_person_access_incident_idx").on(t.incidentId),
    index("affected_person_access_granted_by_idx").on(t.grantedBy),
    index("affected_person_access_activation_idx").on(t.activationId),
  ],
);
