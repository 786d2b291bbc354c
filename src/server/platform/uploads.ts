/**
 * Uploaded files: the limits every upload goes through, whatever its kind.
 *
 * - `decodeBase64Upload`: the decoded size is worked out from the text and refused before anything is
 *   decoded.
 * - `openZip`: a ZIP archive (XLSX, DOCX, …) read from memory trusting nothing it declares. Its central
 *   directory is checked whole before any entry is read: at most `maxEntries` entries, relative paths
 *   without `..`, no duplicates, no encryption, stored or deflated only, every entry's bytes inside the
 *   file and no two entries sharing bytes. An entry is then inflated through node:zlib as a stream, in
 *   chunks of 64 KiB, and every byte is counted as it comes out: against the archive's budget
 *   (`maxInflatedBytes`, for all the entries read together) and against the size the entry declares —
 *   whichever is smaller stops it, so a file whose headers lie (a 2 MB file whose part says 11 KB and
 *   inflates to 2 GB) is stopped after one chunk, and one that declares honestly but too much is
 *   refused before a byte is inflated. At the end the length and CRC-32 must match what was declared.
 *
 * Errors are `UploadError`s with a reason; each caller turns them into its own localised codes.
 */
import { crc32, createInflateRaw } from "node:zlib";

export type UploadErrorReason =
  /** Larger than allowed, decoded or inflated. */
  | "too_big"
  /** Not a ZIP archive at all. */
  | "not_zip"
  /** A ZIP archive, but broken or inconsistent (also: a part the format needs is missing or invalid). */
  | "malformed"
  /** Encrypted, ZIP64, or a compression method other than stored/deflate. */
  | "unsupported"
  | "too_many_entries"
  /** An entry's name is absolute, climbs out with "..", or holds control characters or backslashes. */
  | "bad_path";

export class UploadError extends Error {
  constructor(
    readonly reason: UploadErrorReason,
    readonly detail = "",
  ) {
    super(`upload ${reason}${detail ? `: ${detail}` : ""}`);
    this.name = "UploadError";
  }
}

/* --------------------------------------------------------------------------------------- base64 */

/** The number of bytes a base64 text decodes to (whitespace ignored), without decoding it. */
export function decodedBase64Length(text: string): number {
  let n = 0;
  let pad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d)
      pad++; // "="
    else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) n++;
  }
  const chars = n + pad;
  return Math.max(0, Math.floor((chars * 3) / 4) - pad);
}

/** The file sent as base64 text, refused (`too_big`) before decoding when it exceeds `maxBytes`. */
export function decodeBase64Upload(text: string, maxBytes: number): Buffer {
  if (decodedBase64Length(text) > maxBytes) throw new UploadError("too_big", `more than ${maxBytes} bytes`);
  const buf = Buffer.from(text, "base64");
  if (buf.length > maxBytes) throw new UploadError("too_big", `more than ${maxBytes} bytes`);
  return buf;
}

/* ------------------------------------------------------------------------------------------ zip */

export type ZipLimits = {
  /** Bytes all the entries read from one archive may inflate to, together. */
  maxInflatedBytes: number;
  /** Entries in the central directory (directories included). */
  maxEntries: number;
};

export type ZipEntry = {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  compressedSize: number;
  /** The uncompressed size the central directory declares: the most the entry may inflate to. */
  size: number;
  headerOffset: number;
  dataStart: number;
};

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const MAX_NAME = 1024;
/** Inflated chunks: a lying entry is stopped after at most this many bytes beyond its declaration. */
const CHUNK = 64 * 1024;

/** A relative path of non-empty segments, none "." or "..", no backslash, colon or control character. */
function saneName(name: string): boolean {
  if (!name || name.length > MAX_NAME || name.startsWith("/")) return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\:]/.test(name)) return false;
  const segments = (name.endsWith("/") ? name.slice(0, -1) : name).split("/");
  return segments.every((s) => s !== "" && s !== "." && s !== "..");
}

/** ZIP64 extended information (extra field 0x0001): the 8-byte values for the fields set to 0xFFFFFFFF. */
function zip64Values(extra: Buffer, wanted: number): number[] | null {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const len = extra.readUInt16LE(at + 2);
    if (at + 4 + len > extra.length) return null;
    if (id === 0x0001) {
      if (len < wanted * 8) return null;
      return Array.from({ length: wanted }, (_, i) => Number(extra.readBigUInt64LE(at + 4 + i * 8)));
    }
    at += 4 + len;
  }
  return null;
}

/** A ZIP archive in memory, every read counted against one budget (see the file's comment). */
export class SafeZip {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private used = 0;

  constructor(
    private readonly buf: Buffer,
    entries: ZipEntry[],
    private readonly limits: ZipLimits,
  ) {
    this.entries = new Map(entries.map((e) => [e.name, e]));
  }

  /** Bytes inflated so far, over all the entries read. */
  get inflatedBytes() {
    return this.used;
  }

  has(name: string) {
    return this.entries.has(name);
  }

  private count(n: number, name: string) {
    this.used += n;
    if (this.used > this.limits.maxInflatedBytes)
      throw new UploadError("too_big", `inflating ${name} passed ${this.limits.maxInflatedBytes} bytes`);
  }

  /**
   * The entry's bytes as they are inflated, chunk by chunk; nothing is kept here. Stops with
   * `too_big` as soon as the entry passes its declared size or the archive its budget, and with
   * `malformed` when the data is corrupt or its length or CRC-32 is not what was declared. Breaking
   * out of the loop early stops the inflater.
   */
  async *read(name: string): AsyncGenerator<Buffer, void, undefined> {
    const e = this.entries.get(name);
    if (!e) throw new UploadError("malformed", `no ${name}`);
    if (e.size > this.limits.maxInflatedBytes - this.used)
      throw new UploadError("too_big", `${name} declares ${e.size} bytes`);
    const raw = this.buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let n = 0;
    let crc = 0;
    const take = (c: Buffer) => {
      n += c.length;
      if (n > e.size)
        throw new UploadError("too_big", `${name} inflates beyond the ${e.size} bytes it declares`);
      this.count(c.length, name);
      crc = crc32(c, crc);
    };
    if (e.method === 0) {
      for (let at = 0; at < raw.length; at += CHUNK) {
        const c = raw.subarray(at, at + CHUNK);
        take(c);
        yield c;
      }
    } else {
      const inflater = createInflateRaw({ chunkSize: CHUNK });
      inflater.end(raw);
      try {
        const chunks = inflater[Symbol.asyncIterator]();
        while (true) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch (err) {
            throw new UploadError("malformed", `${name}: ${(err as Error).message}`);
          }
          if (next.done) break;
          take(next.value);
          yield next.value;
        }
      } finally {
        inflater.destroy();
      }
    }
    if (n !== e.size || crc >>> 0 !== e.crc >>> 0)
      throw new UploadError("malformed", `${name}: length or CRC-32 differs from the directory`);
  }
}

/**
 * Open a ZIP archive held in `buf`, checking its whole central directory (see the file's comment).
 * Throws `not_zip` when it does not start as one, other reasons when it is refused.
 */
export function openZip(buf: Buffer, limits: ZipLimits): SafeZip {
  if (buf.length < 22 || buf.readUInt32LE(0) !== SIG_LOCAL) throw new UploadError("not_zip");
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === SIG_END && i + 22 + buf.readUInt16LE(i + 20) <= buf.length) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new UploadError("not_zip", "no end of central directory");
  const disk = buf.readUInt16LE(end + 4);
  const cdDisk = buf.readUInt16LE(end + 6);
  const onDisk = buf.readUInt16LE(end + 8);
  const total = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (total === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    throw new UploadError("unsupported", "ZIP64 archive");
  if (disk !== 0 || cdDisk !== 0 || onDisk !== total)
    throw new UploadError("unsupported", "multi-disk archive");
  if (total > limits.maxEntries) throw new UploadError("too_many_entries", `${total} entries`);
  if (cdOffset + cdSize > end) throw new UploadError("malformed", "central directory out of bounds");

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = cdOffset;
  for (let i = 0; i < total; i++) {
    if (at + 46 > cdOffset + cdSize || buf.readUInt32LE(at) !== SIG_CENTRAL)
      throw new UploadError("malformed", "central directory entry");
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    let compressedSize = buf.readUInt32LE(at + 20);
    let size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    let headerOffset = buf.readUInt32LE(at + 42);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > cdOffset + cdSize) throw new UploadError("malformed", "central directory entry");
    const nameBytes = buf.subarray(at + 46, at + 46 + nameLen);
    const name = nameBytes.toString(flags & 0x0800 ? "utf8" : "latin1");
    const wide = [size, compressedSize, headerOffset].filter((v) => v === 0xffffffff).length;
    if (wide) {
      const values = zip64Values(buf.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen), wide);
      if (!values) throw new UploadError("malformed", `${name}: ZIP64 field`);
      let k = 0;
      if (size === 0xffffffff) size = values[k++];
      if (compressedSize === 0xffffffff) compressedSize = values[k++];
      if (headerOffset === 0xffffffff) headerOffset = values[k++];
    }
    at = next;

    if (!saneName(name)) throw new UploadError("bad_path", JSON.stringify(name.slice(0, 100)));
    if (names.has(name)) throw new UploadError("malformed", `${name} twice`);
    names.add(name);
    if (flags & 0x0041) throw new UploadError("unsupported", `${name} is encrypted`);
    if (method !== 0 && method !== 8) throw new UploadError("unsupported", `${name}: method ${method}`);
    if (method === 0 && compressedSize !== size) throw new UploadError("malformed", `${name}: stored size`);
    if (headerOffset + 30 > cdOffset || buf.readUInt32LE(headerOffset) !== SIG_LOCAL)
      throw new UploadError("malformed", `${name}: local header`);
    const localNameLen = buf.readUInt16LE(headerOffset + 26);
    const dataStart = headerOffset + 30 + localNameLen + buf.readUInt16LE(headerOffset + 28);
    // The local header names the same entry (readers that walk local headers would see another file).
    if (
      localNameLen !== nameLen ||
      !buf.subarray(headerOffset + 30, headerOffset + 30 + nameLen).equals(nameBytes)
    )
      throw new UploadError("malformed", `${name}: local name`);
    if (dataStart + compressedSize > cdOffset)
      throw new UploadError("malformed", `${name}: data out of bounds`);
    entries.push({ name, method, crc, compressedSize, size, headerOffset, dataStart });
  }
  // No two entries may share bytes (overlapping entries multiply a small file's inflated size).
  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let k = 1; k < byOffset.length; k++) {
    const prev = byOffset[k - 1];
    if (prev.dataStart + prev.compressedSize > byOffset[k].headerOffset)
      throw new UploadError("malformed", `${prev.name} and ${byOffset[k].name} overlap`);
  }
  return new SafeZip(buf, entries, limits);
}
