/**
 * A "lying" XLSX: a real workbook whose `xl/sharedStrings.xml` inflates to
 * gigabytes while its local header and central directory both declare a few kilobytes. The huge part is
 * deflated once per megabyte and the compressed block repeated (each block is compressed on its own and
 * ends on a sync flush, so the concatenation is a valid deflate stream): a 1.9 GB part costs ~1.9 MB of
 * file and a fraction of a second to build. CRC-32s are right; only the declared sizes lie.
 */
import { constants, crc32, deflateRawSync, inflateRawSync } from "node:zlib";

/** An entry as written: `declared` goes into both headers as the uncompressed size; `flags` adds bits. */
export type Entry = {
  name: string;
  method: number;
  compressed: Buffer;
  crc: number;
  size: number;
  declared: number;
  flags?: number;
};

/** The entries of a small, honest ZIP file (as exceljs writes it), inflated. */
export function zipEntries(buf: Buffer): { name: string; data: Buffer }[] {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip file");
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: { name: string; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const csize = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const name = buf.toString("utf8", at + 46, at + 46 + nameLen);
    const local = buf.readUInt32LE(at + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    out.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    at += 46 + nameLen + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** `data` deflated (or stored, method 0), honest unless `overrides` say otherwise. */
export const zipEntry = (name: string, data: Buffer, overrides: Partial<Entry> = {}): Entry => {
  const method = overrides.method ?? 8;
  const compressed = method === 8 ? deflateRawSync(data) : Buffer.from(data);
  return {
    name,
    method,
    compressed,
    crc: crc32(data),
    size: data.length,
    declared: data.length,
    ...overrides,
  };
};

/** A ZIP file of the entries, each declaring `declared` as its uncompressed size in both headers. */
export function zipFile(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800 | (e.flags ?? 0), 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.compressed.length, 18);
    local.writeUInt32LE(e.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800 | (e.flags ?? 0), 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(0x00210000, 12);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.compressed.length, 20);
    central.writeUInt32LE(e.declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.compressed);
    centrals.push(central, name);
    offset += 30 + name.length + e.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A sync-flushed (not final) deflate block of `data`: blocks like it may be concatenated. */
const block = (data: Buffer) =>
  deflateRawSync(data, { level: 9, finishFlush: constants.Z_SYNC_FLUSH, memLevel: 9 });

/**
 * `base` (an XLSX written by exceljs, with shared strings) with its shared strings followed by filler
 * strings until the part inflates to about `inflatedBytes`, declaring `declared` as its size in both
 * headers (default 11,000; "honest": the real size).
 */
export function lyingXlsx(base: Buffer, inflatedBytes: number, declared: number | "honest" = 11_000): Buffer {
  const entries = zipEntries(base);
  const sst = entries.find((e) => e.name === "xl/sharedStrings.xml");
  if (!sst) throw new Error("the base workbook has no shared strings");
  const text = sst.data.toString("utf8");
  const prefix = Buffer.from(text.slice(0, text.lastIndexOf("</sst>")), "utf8");
  const suffix = Buffer.from("</sst>", "utf8");
  // One filler string per MiB (markup between strings costs bits: fewer strings, a smaller file).
  const chunk = Buffer.from(`<si><t>${"A".repeat(1024 * 1024 - 16)}</t></si>`, "utf8");
  const n = Math.max(1, Math.floor((inflatedBytes - prefix.length - suffix.length) / chunk.length));
  const chunkZ = block(chunk);
  const compressed = Buffer.concat([
    block(prefix),
    ...Array.from({ length: n }, () => chunkZ),
    deflateRawSync(suffix),
  ]);
  let crc = crc32(prefix);
  for (let i = 0; i < n; i++) crc = crc32(chunk, crc);
  crc = crc32(suffix, crc);
  const size = prefix.length + n * chunk.length + suffix.length;
  return zipFile(
    entries.map((e) =>
      e.name === sst.name
        ? {
            name: e.name,
            method: 8,
            compressed,
            crc,
            size,
            declared: declared === "honest" ? size : declared,
          }
        : zipEntry(e.name, e.data),
    ),
  );
}
