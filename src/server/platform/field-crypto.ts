/**
 * Field-level encryption of values stored in the database (personal data: Law of the Republic of
 * Kazakhstan No. 94-V "On personal data and its protection"). Generic: it knows no module.
 *
 * - One 32-byte master key, kept outside the database (a setting or a key file); two keys are derived
 *   from it with HKDF-SHA256: one encrypts (AES-256-GCM), the other makes look-up hashes
 *   (HMAC-SHA256) — a look-up hash reveals nothing about the encryption key and vice versa.
 * - `encrypt(value, context)`: a fresh 96-bit IV per value; the context (e.g. "table.column:rowId")
 *   is authenticated as additional data, so a ciphertext moved to another row or column is refused.
 *   Stored as text: "v1." + base64url(iv ‖ tag ‖ ciphertext).
 * - `decrypt` refuses (throws `FieldCryptoError`) a changed ciphertext, a wrong context or a wrong key.
 * - `lookupHash(value)`: a keyed hash for exact look-ups (an index on it finds a value without
 *   decrypting every row; without the key the hash cannot be recomputed from a guessed value).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const FIELD_KEY_BYTES = 32;

export class FieldCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FieldCryptoError";
  }
}

/** A 32-byte key from its base64 text (QORGAN_PD_KEY); throws a clear message otherwise (never the key). */
export function fieldKeyFromBase64(text: string): Buffer {
  const key = Buffer.from(text.trim(), "base64");
  if (key.length !== FIELD_KEY_BYTES || key.toString("base64") !== text.trim().replace(/\s/g, ""))
    throw new FieldCryptoError(`the key must be ${FIELD_KEY_BYTES} bytes in base64 (44 characters)`);
  return key;
}

/** A new random key, base64 (for `openssl rand -base64 32`-like setup). */
export const newFieldKey = (): string => randomBytes(FIELD_KEY_BYTES).toString("base64");

/**
 * The key in the file at `path`, created (random, mode 0600) when there is none: for the embedded
 * database, beside its data directory — never inside the database. Returns whether it was created.
 */
export function loadOrCreateKeyFile(path: string): { key: Buffer; created: boolean } {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${newFieldKey()}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    try {
      linkSync(tmp, path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    } finally {
      unlinkSync(tmp);
    }
    return { key: fieldKeyFromBase64(readFileSync(path, "utf8")), created: true };
  }
  return { key: fieldKeyFromBase64(readFileSync(path, "utf8")), created: false };
}

const derive = (master: Buffer, info: string) =>
  Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), info, FIELD_KEY_BYTES));

export class FieldCipher {
  readonly #encKey: Buffer;
  readonly #macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== FIELD_KEY_BYTES)
      throw new FieldCryptoError(`the key must be ${FIELD_KEY_BYTES} bytes`);
    this.#encKey = derive(masterKey, "qorgan field encryption v1");
    this.#macKey = derive(masterKey, "qorgan field lookup v1");
  }

  /** AES-256-GCM of `value`, bound to `context` (authenticated, not stored). */
  encrypt(value: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#encKey, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  /** The value, or FieldCryptoError when the text was changed, belongs elsewhere or needs another key. */
  decrypt(stored: string, context: string): string {
    const [version, payload] = stored.split(".");
    if (version !== VERSION || !payload) throw new FieldCryptoError("not an encrypted field");
    const raw = Buffer.from(payload, "base64url");
    if (raw.length < IV_BYTES + TAG_BYTES) throw new FieldCryptoError("encrypted field cut short");
    const decipher = createDecipheriv("aes-256-gcm", this.#encKey, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      throw new FieldCryptoError("encrypted field refused: changed, misplaced or another key");
    }
  }

  /** `encrypt` of a JSON value; null stays null. */
  encryptJson(value: unknown, context: string): string | null {
    return value === null || value === undefined ? null : this.encrypt(JSON.stringify(value), context);
  }

  decryptJson<T>(stored: string | null, context: string): T | null {
    return stored === null ? null : (JSON.parse(this.decrypt(stored, context)) as T);
  }

  /** HMAC-SHA256 (hex) of `value` under the look-up key, in a `purpose` of its own ("iin", …). */
  lookupHash(purpose: string, value: string): string {
    return createHmac("sha256", this.#macKey).update(`${purpose}\u0000${value}`, "utf8").digest("hex");
  }

  /** Whether two look-up hashes are equal, in constant time. */
  static sameHash(a: string, b: string): boolean {
    const x = Buffer.from(a, "hex");
    const y = Buffer.from(b, "hex");
    return x.length === y.length && timingSafeEqual(x, y);
  }
}
