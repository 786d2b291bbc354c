/**
 * Column types drizzle's pg-core lacks, shared by every module's tables: `bytea` for files kept in the
 * database (so backups hold them) — a Buffer on both PGlite (Uint8Array from the driver) and PostgreSQL.
 */
import { customType } from "drizzle-orm/pg-core";

export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
