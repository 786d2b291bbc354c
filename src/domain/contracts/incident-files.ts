/** Files attached to incident reports (R16): upload, list, download. Limits in ../attachments.ts. */
import { z } from "zod";
import { ATTACHMENT_MAX_BYTES, attachmentKinds } from "../attachments";
import { requiredText, text } from "./common";
import { personView } from "./people";

/**
 * The largest base64 text a body may carry: the largest file's, plus line breaks. A text longer than the
 * file limit but within this is answered 413 by the service (with the limit in the message); beyond
 * the route's body limit Fastify answers 413 before reading it.
 */
export const ATTACHMENT_MAX_BASE64 = Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 64 * 1024;

export const incidentFileUpload = z.object({
  /** The sender's file name (kept without folders; its ending follows the kind found in the bytes). */
  filename: requiredText(255),
  /** The file, base64. Its kind is found from its bytes; what the client calls it is not asked. */
  contentBase64: text(ATTACHMENT_MAX_BASE64 + 1024 * 1024, { trim: false, min: 1 }).regex(
    /^[A-Za-z0-9+/=\s]*$/,
  ),
});
export type IncidentFileUpload = z.infer<typeof incidentFileUpload>;

export const incidentFileView = z.object({
  id: z.string(),
  filename: z.string(),
  kind: z.enum(attachmentKinds),
  /** The content type found from the bytes (the one it is served with). */
  mime: z.string(),
  size: z.number(),
  /** SHA-256 of the content, hex: the same file sent twice to one report is kept once. */
  sha256: z.string(),
  uploadedBy: z.string(),
  /** Who uploaded it: full name and body (null when the account no longer resolves). */
  uploader: personView.nullable(),
  createdAt: z.string(),
});
export type IncidentFileView = z.infer<typeof incidentFileView>;

export const incidentFileList = z.object({
  items: z.array(incidentFileView),
  /** Whether the reader may add files to this report. */
  canAdd: z.boolean(),
  maxFiles: z.number(),
  maxBytes: z.number(),
});
export type IncidentFileList = z.infer<typeof incidentFileList>;
