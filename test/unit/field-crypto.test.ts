/** Field encryption (platform/field-crypto.ts): AES-256-GCM bound to its place, keyed look-up hashes. */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  FieldCipher,
  FieldCryptoError,
  fieldKeyFromBase64,
  loadOrCreateKeyFile,
  newFieldKey,
} from "../../src/server/platform/field-crypto";

const key = fieldKeyFromBase64(newFieldKey());
const cipher = new FieldCipher(key);
const CTX = "person.iin:7d1c";

describe("encrypt / decrypt", () => {
  it("round-trips text, and the stored form contains no plaintext", () => {
    const stored = cipher.encrypt("900101300123", CTX);
    expect(stored).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(stored).not.toContain("900101300123");
    expect(cipher.decrypt(stored, CTX)).toBe("900101300123");
    expect(cipher.decrypt(cipher.encrypt("Әлия Қасымқызы", CTX), CTX)).toBe("Әлия Қасымқызы");
  });

  it("a fresh IV every time: the same value never encrypts to the same text", () => {
    expect(cipher.encrypt("same", CTX)).not.toBe(cipher.encrypt("same", CTX));
  });

  it("refuses a tampered ciphertext (any byte changed)", () => {
    const stored = cipher.encrypt("+7 701 000 00 00", CTX);
    const raw = Buffer.from(stored.slice(3), "base64url");
    for (const at of [0, 12, 20, raw.length - 1]) {
      const bad = Buffer.from(raw);
      bad[at] ^= 0x01;
      expect(() => cipher.decrypt(`v1.${bad.toString("base64url")}`, CTX)).toThrow(FieldCryptoError);
    }
    expect(() => cipher.decrypt(`v1.${raw.subarray(0, 10).toString("base64url")}`, CTX)).toThrow(
      FieldCryptoError,
    );
    expect(() => cipher.decrypt("plain text", CTX)).toThrow(FieldCryptoError);
  });

  it("refuses a ciphertext moved to another row or column (context is authenticated)", () => {
    const stored = cipher.encrypt("900101300123", CTX);
    expect(() => cipher.decrypt(stored, "person.iin:other")).toThrow(FieldCryptoError);
    expect(() => cipher.decrypt(stored, "person.phone:7d1c")).toThrow(FieldCryptoError);
  });

  it("refuses with a wrong key", () => {
    const other = new FieldCipher(fieldKeyFromBase64(newFieldKey()));
    expect(() => other.decrypt(cipher.encrypt("900101300123", CTX), CTX)).toThrow(FieldCryptoError);
  });

  it("JSON values; null stays null", () => {
    const v = { phone: "+7 701 000 00 00", address: "Абай даңғылы 1" };
    expect(cipher.decryptJson(cipher.encryptJson(v, CTX), CTX)).toEqual(v);
    expect(cipher.encryptJson(null, CTX)).toBeNull();
    expect(cipher.decryptJson(null, CTX)).toBeNull();
  });
});

describe("look-up hashes", () => {
  it("stable under one key, different under another, separated by purpose", () => {
    const h = cipher.lookupHash("iin", "900101300123");
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.lookupHash("iin", "900101300123")).toBe(h);
    expect(new FieldCipher(key).lookupHash("iin", "900101300123")).toBe(h);
    expect(new FieldCipher(fieldKeyFromBase64(newFieldKey())).lookupHash("iin", "900101300123")).not.toBe(h);
    expect(cipher.lookupHash("name", "900101300123")).not.toBe(h);
    expect(FieldCipher.sameHash(h, cipher.lookupHash("iin", "900101300123"))).toBe(true);
    expect(FieldCipher.sameHash(h, cipher.lookupHash("iin", "900101300124"))).toBe(false);
  });
});

describe("keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "qorgan-fc-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts exactly 32 bytes of base64", () => {
    expect(fieldKeyFromBase64(newFieldKey())).toHaveLength(32);
    expect(() => fieldKeyFromBase64(Buffer.alloc(16).toString("base64"))).toThrow(FieldCryptoError);
    expect(() => fieldKeyFromBase64("not base64 at all!")).toThrow(FieldCryptoError);
    expect(() => new FieldCipher(Buffer.alloc(31))).toThrow(FieldCryptoError);
  });

  it("a key file is created once (mode 0600) and read back the same", () => {
    const path = join(dir, "sub", "pd.key");
    const a = loadOrCreateKeyFile(path);
    expect(a.created).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const b = loadOrCreateKeyFile(path);
    expect(b.created).toBe(false);
    expect(b.key.equals(a.key)).toBe(true);
    expect(readFileSync(path, "utf8").trim()).toBe(a.key.toString("base64"));
  });
});
