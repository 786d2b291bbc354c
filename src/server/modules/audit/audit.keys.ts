/**
 * The Ed25519 key that signs audit checkpoints (see audit.checkpoints.ts). It lives in a file,
 * never in the database: whoever can write to the database cannot sign. The private key is PEM
 * (PKCS#8), mode 0600; its public key is written next to it (`….pub.pem`, SPKI) for `audit verify`,
 * which needs only that.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type SigningKey = {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key's fingerprint (see `keyIdOf`), recorded in every checkpoint it signs. */
  keyId: string;
  keyPath: string;
  publicKeyPath: string;
  /** Whether this call created the key. */
  created: boolean;
};

/** Where the public key of the private key at `keyPath` is kept: `x.pem` → `x.pub.pem`. */
export function publicKeyPathFor(keyPath: string): string {
  return keyPath.endsWith(".pem") ? `${keyPath.slice(0, -4)}.pub.pem` : `${keyPath}.pub.pem`;
}

/** A public key's fingerprint: SHA-256 of its DER (SPKI) form, hex, first 16 characters. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex")
    .slice(0, 16);
}

function requireEd25519(key: KeyObject, path: string): KeyObject {
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`${path}: not an Ed25519 key (found ${key.asymmetricKeyType ?? "a secret key"}).`);
  return key;
}

/** Write `text` to `path` only if nothing is there (atomically: a finished file or none). */
function createExclusive(path: string, text: string, mode: number): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode, flag: "w" });
  chmodSync(tmp, mode);
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * The signing key at `keyPath`, created (mode 0600) when there is none; its public key is written
 * next to it when missing. An unreadable or non-Ed25519 file stops with a message naming it.
 */
export function ensureSigningKey(keyPath: string): SigningKey {
  const publicKeyPath = publicKeyPathFor(keyPath);
  let created = false;
  if (!existsSync(keyPath)) {
    mkdirSync(dirname(keyPath), { recursive: true });
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    // Another process may have created it meanwhile: then theirs is the key.
    created = createExclusive(keyPath, pem, 0o600);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(keyPath));
  } catch (e) {
    throw new Error(
      `The audit signing key ${keyPath} cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  requireEd25519(privateKey, keyPath);
  const publicKey = createPublicKey(privateKey);
  const pubPem = publicKey.export({ type: "spki", format: "pem" }) as string;
  if (!existsSync(publicKeyPath)) createExclusive(publicKeyPath, pubPem, 0o644);
  else if (readFileSync(publicKeyPath, "utf8") !== pubPem)
    throw new Error(
      `${publicKeyPath} is not the public key of ${keyPath}: move it away (a new one is written) or fix the key setting.`,
    );
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), keyPath, publicKeyPath, created };
}

/** A public key from a PEM file (a private key's file gives its public key). */
export function loadPublicKey(path: string): KeyObject {
  const text = readFileSync(path);
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch (e) {
    throw new Error(`${path}: not a public key: ${e instanceof Error ? e.message : String(e)}`);
  }
  return requireEd25519(key, path);
}
