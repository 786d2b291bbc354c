import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** Administrative-territorial units (KATO) plus the republic root and the maritime zone (R3, R18). */
export const territory = pgTable(
  "territory",
  {
    code: text("code").primaryKey(),
    parentCode: text("parent_code"),
    level: smallint("level").notNull(),
    type: text("type").notNull(),
    iso: text("iso"),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull(),
    /** Materialised path of codes from the root, "KZ/750000000/751710000": subtree = prefix. */
    path: text("path").notNull(),
    /** Lower-cased names for typo-tolerant search (pg_trgm). */
    searchText: text("search_text").notNull(),
    hasGeometry: boolean("has_geometry").notNull().default(false),
    /**
     * A point for the unit when known (WGS84): settlements matched to the GeoNames gazetteer by the
     * import (data/SOURCES.md, src/domain/gazetteer.ts); null for the others.
     */
    lon: doublePrecision("lon"),
    lat: doublePrecision("lat"),
  },
  (t) => [
    index("territory_parent_idx").on(t.parentCode),
    index("territory_path_idx").using("btree", sql`${t.path} text_pattern_ops`),
    index("territory_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** Every body of the Rules in one table: coordinators, HQs, state bodies, organisations, partners, forces. */
export const body = pgTable(
  "body",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    subtype: text("subtype"),
    nameKk: text("name_kk").notNull(),
    nameRu: text("name_ru").notNull(),
    nameEn: text("name_en").notNull().default(""),
    territoryCode: text("territory_code")
      .notNull()
      .references(() => territory.code),
    /** The territory's materialised path, kept by a trigger (migration 0002): scope filters need no join. */
    territoryPath: text("territory_path").notNull().default(""),
    /** Superior body: territorial subdivision → central body; HQ → superior HQ; commission → akimat. */
    parentId: uuid("parent_id"),
    bin: text("bin"),
    competence: text("competence").notNull().default(""),
    address: text("address").notNull().default(""),
    phone: text("phone").notNull().default(""),
    email: text("email").notNull().default(""),
    capacity: integer("capacity"),
    readiness: text("readiness"),
    active: boolean("active").notNull().default(true),
    searchText: text("search_text").notNull(),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid("created_by"),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    index("body_kind_idx").on(t.kind),
    index("body_territory_idx").on(t.territoryCode),
    index("body_territory_path_idx").using("btree", sql`${t.territoryPath} text_pattern_ops`),
    index("body_parent_idx").on(t.parentId),
    uniqueIndex("body_bin_uq").on(t.bin).where(sql`${t.bin} is not null`),
    uniqueIndex("body_commission_territory_uq").on(t.territoryCode).where(sql`${t.kind} = 'commission'`),
    uniqueIndex("body_hq_territory_uq").on(t.territoryCode).where(sql`${t.kind} = 'hq'`),
    uniqueIndex("body_atc_uq").on(t.kind).where(sql`${t.kind} = 'atc'`),
    index("body_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
  ],
);

/** Membership of a commission (R5) or an operational HQ (R18). */
export const membership = pgTable(
  "membership",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => body.id),
    memberBodyId: uuid("member_body_id")
      .notNull()
      .references(() => body.id),
    role: text("role").notNull(),
    representativeName: text("representative_name").notNull().default(""),
    representativePosition: text("representative_position").notNull().default(""),
    /** Personal data (need-to-know, every read audited): the representative's contacts. */
    contactPhone: text("contact_phone").notNull().default(""),
    contactEmail: text("contact_email").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("membership_group_member_uq").on(t.groupId, t.memberBodyId),
    index("membership_member_idx").on(t.memberBodyId),
  ],
);
