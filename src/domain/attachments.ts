/**
 * Files attached to incident reports (R16: a report carries what the reporter saw — photos, documents).
 * The kinds accepted are decided by the file's own bytes on the server (platform/file-types.ts), never
 * by its name or the type the browser claims; these are the limits both sides show and keep.
 */

/** The kinds of file a report may carry: photos from a phone or camera, and office documents. */
export const attachmentKinds = ["jpeg", "png", "webp", "pdf", "docx", "xlsx"] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** The content type each kind is served with, and the file-name endings it is known by. */
export const ATTACHMENT_TYPES: Record<AttachmentKind, { mime: string; extensions: readonly string[] }> = {
  jpeg: { mime: "image/jpeg", extensions: ["jpg", "jpeg"] },
  png: { mime: "image/png", extensions: ["png"] },
  webp: { mime: "image/webp", extensions: ["webp"] },
  pdf: { mime: "application/pdf", extensions: ["pdf"] },
  docx: {
    mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
  },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
};

/** One file: a phone photo (3–8 MB) fits; stored in the database, so kept in its backups. */
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024;
/** Files one report may carry. */
export const ATTACHMENT_MAX_FILES = 10;

/** The `accept` list of a file picker: every ending of every accepted kind. */
export const ATTACHMENT_ACCEPT = attachmentKinds
  .flatMap((k) => ATTACHMENT_TYPES[k].extensions.map((e) => `.${e}`))
  .join(",");

/**
 * The name a file is kept and downloaded under: the sender's name without folders or characters that
 * file systems refuse, ending in an ending of the kind its bytes were found to be (a PNG sent as
 * "photo.html" is kept as "photo.png", so no program opens it as something else).
 */
export function attachmentName(sent: string, kind: AttachmentKind): string {
  const base =
    sent
      .split(/[\\/]/)
      .pop()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      ?.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_")
      .trim()
      // no hidden ("." first) names, and never "." or ".."
      .replace(/^\.+/, "")
      .slice(0, 180) ?? "";
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  const { extensions } = ATTACHMENT_TYPES[kind];
  if (extensions.includes(ext)) return base;
  const stem = (dot > 0 ? base.slice(0, dot) : base) || "file";
  return `${stem}.${extensions[0]}`;
}
