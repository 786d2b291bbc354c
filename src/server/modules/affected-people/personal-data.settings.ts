/**
 * Where the personal-data key comes from and how long closed records are kept (Law No. 94-V):
 * - QORGAN_PD_KEY: the key, 32 bytes in base64 (`openssl rand -base64 32`); the same on every instance.
 *   Required with PostgreSQL. Never in the database, never in its backups.
 * - else, with the embedded database: a key file beside the data directory (`<data dir>.pd-key`, mode
 *   0600), made on first start — back it up apart from the database.
 * - tests, benches and tools that build the app without a setting: `TEST_PERSONAL_DATA_KEY`, a fixed key
 *   that is public and protects nothing (the test template's demo persons are encrypted with it).
 * - QORGAN_PD_RETENTION_DAYS (default 1825, five years): closed records older than this are anonymised.
 */
import { createHash } from "node:crypto";
import type { Database } from "../../platform/db";
import { FieldCipher, fieldKeyFromBase64, loadOrCreateKeyFile } from "../../platform/field-crypto";

export const TEST_PERSONAL_DATA_KEY = createHash("sha256")
  .update("qorgan test personal-data key: public, protects nothing")
  .digest()
  .toString("base64");

export const DEFAULT_RETENTION_DAYS = 1825;

export type PersonalDataSettings = {
  cipher: FieldCipher;
  retentionDays: number;
  /** Where the key came from (for the start-up line; never the key). */
  keySource: string;
};

/** What the module's services are given: the database and these settings. */
export type Deps = { database: Database; pd: PersonalDataSettings };

export const testPersonalDataSettings = (): PersonalDataSettings => ({
  cipher: new FieldCipher(fieldKeyFromBase64(TEST_PERSONAL_DATA_KEY)),
  retentionDays: DEFAULT_RETENTION_DAYS,
  keySource: "the fixed test key",
});

/** From the environment; throws a clear message (never the key) when the setting is wrong or missing. */
export function personalDataSettingsFrom(s: {
  env: NodeJS.ProcessEnv;
  databaseUrl?: string;
  dataDir: string;
}): PersonalDataSettings {
  const days = Number(s.env.QORGAN_PD_RETENTION_DAYS || DEFAULT_RETENTION_DAYS);
  if (!Number.isFinite(days) || days < 1) throw new Error("QORGAN_PD_RETENTION_DAYS: a number of days ≥ 1");
  const text = s.env.QORGAN_PD_KEY;
  if (text) {
    try {
      return {
        cipher: new FieldCipher(fieldKeyFromBase64(text)),
        retentionDays: days,
        keySource: "QORGAN_PD_KEY",
      };
    } catch (e) {
      throw new Error(`QORGAN_PD_KEY: ${(e as Error).message}`);
    }
  }
  if (s.databaseUrl)
    throw new Error(
      "QORGAN_PD_KEY is required with PostgreSQL (32 bytes in base64, the same on every instance): openssl rand -base64 32",
    );
  if (s.dataDir.startsWith("memory://")) return { ...testPersonalDataSettings(), retentionDays: days };
  const path = `${s.dataDir.replace(/\/+$/, "")}.pd-key`;
  const { key, created } = loadOrCreateKeyFile(path);
  return {
    cipher: new FieldCipher(key),
    retentionDays: days,
    keySource: `${path}${created ? " (created)" : ""}`,
  };
}
