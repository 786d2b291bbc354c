/**
 * What a file is, decided from its bytes (never its name or the type the browser sent), for the small
 * list of kinds people may attach (src/domain/attachments.ts): JPEG, PNG, WebP, PDF, DOCX, XLSX.
 * Anything else — HTML, SVG, scripts, executables, archives, a DOCX with macros — is not one of them.
 *
 * Each kind is checked for more than its first bytes:
 * - JPEG: FF D8 FF then a marker; PNG: the 8-byte signature and an IHDR chunk first; WebP: a RIFF
 *   header whose length is the file's, form "WEBP", a VP8/VP8L/VP8X chunk first.
 * - PDF: "%PDF-1.x/2.x" at the very start and "%%EOF" in the last KiB; refused when it carries
 *   JavaScript or launch actions in its readable dictionaries (/JavaScript, /JS, /Launch) — a reader
 *   runs those; compressed object streams are not opened, so this is a filter, not a guarantee.
 * - DOCX/XLSX: a ZIP read through platform/uploads.ts (headers trusted in nothing, inflation counted)
 *   whose [Content_Types].xml names the main part as a plain (macro-free) document or workbook, the
 *   part itself present, no vbaProject.bin and no embedded HTML (altChunk) part.
 * - Every kind: no HTML or SVG markup anywhere in the raw bytes (`<script`, `<html`, `<svg`, `<iframe`,
 *   `<!doctype html`, `<body`, `<object`, `<embed`): a polyglot — an image whose comment segment or
 *   tail holds a page — is refused even though it would never be served as HTML (downloads are
 *   `attachment` with `nosniff`). Seven chosen bytes occur in compressed data about once in 10^15
 *   bytes, so real photos and documents are not refused by this.
 *
 * Why hand-written rather than the `file-type` package: it names the first signature that matches and
 * says nothing of what follows (the polyglot passes), does not tell a DOCX from a DOCM, and would bring
 * its own ZIP reader to hostile input where uploads.ts already reads ZIPs defensively; the six
 * signatures here are a few bytes each, with tests of each kind and each refusal.
 */
import { ATTACHMENT_TYPES, type AttachmentKind } from "../../domain/attachments";
import { openZip, UploadError } from "./uploads";

export type DetectedFile = { kind: AttachmentKind; mime: string };

const MARKUP = ["<script", "<html", "<svg", "<iframe", "<!doctype html", "<body", "<object", "<embed"];

/** Whether the bytes hold HTML/SVG markup anywhere (ASCII, any case). */
export function holdsMarkup(buf: Buffer): boolean {
  // latin1 maps each byte to one char: a case-insensitive search over the raw bytes without decoding.
  const text = buf.toString("latin1").toLowerCase();
  return MARKUP.some((m) => text.includes(m));
}

const startsWith = (buf: Buffer, sig: number[], at = 0) =>
  buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);
const ascii = (buf: Buffer, at: number, len: number) => buf.toString("latin1", at, at + len);

function isJpeg(buf: Buffer) {
  return buf.length > 4 && startsWith(buf, [0xff, 0xd8, 0xff]) && buf[3] >= 0xc0 && buf[3] !== 0xff;
}

function isPng(buf: Buffer) {
  return (
    startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) &&
    buf.length >= 33 &&
    buf.readUInt32BE(8) === 13 &&
    ascii(buf, 12, 4) === "IHDR"
  );
}

function isWebp(buf: Buffer) {
  return (
    buf.length >= 20 &&
    ascii(buf, 0, 4) === "RIFF" &&
    ascii(buf, 8, 4) === "WEBP" &&
    buf.readUInt32LE(4) + 8 === buf.length &&
    ["VP8 ", "VP8L", "VP8X"].includes(ascii(buf, 12, 4))
  );
}

function isPdf(buf: Buffer) {
  if (!/^%PDF-[12]\.\d/.test(ascii(buf, 0, 8))) return false;
  if (!ascii(buf, Math.max(0, buf.length - 1024), 1024).includes("%%EOF")) return false;
  // Active content a PDF reader would run (names end at a delimiter: "/JS " or "/JS(" but not "/JSX").
  return !/\/(JavaScript|Launch|JS)[\s/<([\]>]/.test(buf.toString("latin1"));
}

const OOXML_MAIN: Record<"docx" | "xlsx", { part: string; contentType: string }> = {
  docx: {
    part: "word/document.xml",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  },
  xlsx: {
    part: "xl/workbook.xml",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  },
};
/** [Content_Types].xml of a real document is a few KiB; anything beyond this is not one. */
const CONTENT_TYPES_MAX = 256 * 1024;

async function ooxmlKind(buf: Buffer): Promise<"docx" | "xlsx" | null> {
  let zip: ReturnType<typeof openZip>;
  try {
    zip = openZip(buf, { maxInflatedBytes: CONTENT_TYPES_MAX, maxEntries: 5000 });
  } catch (e) {
    if (e instanceof UploadError) return null;
    throw e;
  }
  if (!zip.has("[Content_Types].xml")) return null;
  for (const name of zip.entries.keys()) {
    const lower = name.toLowerCase();
    if (lower.endsWith("vbaproject.bin") || /\.(html?|mht|mhtml|svg|js)$/.test(lower)) return null;
  }
  const chunks: Buffer[] = [];
  try {
    for await (const c of zip.read("[Content_Types].xml")) chunks.push(c);
  } catch (e) {
    if (e instanceof UploadError) return null;
    throw e;
  }
  const types = Buffer.concat(chunks).toString("utf8");
  if (/macroEnabled/i.test(types)) return null;
  for (const kind of ["docx", "xlsx"] as const) {
    const { part, contentType } = OOXML_MAIN[kind];
    if (zip.has(part) && types.includes(`PartName="/${part}"`) && types.includes(contentType)) return kind;
  }
  return null;
}

/** The kind of an attachable file from its bytes, or null when it is none of the accepted kinds. */
export async function detectAttachment(buf: Buffer): Promise<DetectedFile | null> {
  if (buf.length === 0 || holdsMarkup(buf)) return null;
  let kind: AttachmentKind | null = null;
  if (isJpeg(buf)) kind = "jpeg";
  else if (isPng(buf)) kind = "png";
  else if (isWebp(buf)) kind = "webp";
  else if (isPdf(buf)) kind = "pdf";
  else kind = await ooxmlKind(buf);
  return kind ? { kind, mime: ATTACHMENT_TYPES[kind].mime } : null;
}
