/**
 * Files attached to reports (R16): photos and documents, their kind found from their bytes
 * (platform/file-types.ts), kept in the database (so backups carry them), read and added by those who
 * may read the report (src/domain/policy.ts `canReadIncident`: the reporting body and the HQs and ATC
 * above the place) and by no one else — to anyone else the report's files do not exist (404).
 * Adding one is audited (name, kind, size, hash; never the content).
 */
import { createHash } from "node:crypto";
import { and, asc, count, eq } from "drizzle-orm";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_MAX_FILES,
  type AttachmentKind,
  attachmentName,
} from "../../../domain/attachments";
import type {
  IncidentFileList,
  IncidentFileUpload,
  IncidentFileView,
} from "../../../domain/contracts/incident-files";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, notFound } from "../../platform/errors";
import { detectAttachment } from "../../platform/file-types";
import { decodeBase64Upload, UploadError } from "../../platform/uploads";
import { writeAudit } from "../audit";
import { type Person, peopleByIds } from "../auth";
import { readable } from "./incidents.service";
import { incident, incidentFile } from "./incidents.tables";

type Ctx = Required<RequestContext>;

const MAX_LABEL = `${ATTACHMENT_MAX_BYTES / 1024 / 1024} MiB`;

const listed = {
  id: incidentFile.id,
  filename: incidentFile.filename,
  kind: incidentFile.kind,
  mime: incidentFile.mime,
  size: incidentFile.size,
  sha256: incidentFile.sha256,
  uploadedById: incidentFile.uploadedBy,
  uploadedByName: incidentFile.uploadedByName,
  createdAt: incidentFile.createdAt,
};
type Listed = { [K in keyof typeof listed]: (typeof listed)[K]["_"]["data"] };

/** The files as shown, who uploaded each named (full name and body) in one batched read. */
async function viewsOf(db: DbOrTx, rows: readonly Listed[]): Promise<IncidentFileView[]> {
  const people = await peopleByIds(
    db,
    rows.map((f) => f.uploadedById),
  );
  return rows.map((f) => viewOf(f, people));
}

const viewOf = (f: Listed, people: Map<string, Person>): IncidentFileView => ({
  id: f.id,
  filename: f.filename,
  kind: f.kind as AttachmentKind,
  mime: f.mime,
  size: f.size,
  sha256: f.sha256,
  uploadedBy: f.uploadedByName,
  uploader: people.get(f.uploadedById) ?? null,
  createdAt: f.createdAt.toISOString(),
});

export async function listIncidentFiles(
  database: Database,
  actor: Actor,
  id: string,
): Promise<IncidentFileList> {
  await readable(database.db, actor, id);
  const rows = await database.db
    .select(listed)
    .from(incidentFile)
    .where(eq(incidentFile.incidentId, id))
    .orderBy(asc(incidentFile.createdAt), asc(incidentFile.id));
  return {
    items: await viewsOf(database.db, rows),
    // Whoever may read the report may add to it (the reporting body and the HQs above the place).
    canAdd: rows.length < ATTACHMENT_MAX_FILES,
    maxFiles: ATTACHMENT_MAX_FILES,
    maxBytes: ATTACHMENT_MAX_BYTES,
  };
}

/** The file with its content, for download; 404 when the reader may not read the report. */
export async function getIncidentFile(database: Database, actor: Actor, id: string, fileId: string) {
  await readable(database.db, actor, id);
  const [f] = await database.db
    .select()
    .from(incidentFile)
    .where(and(eq(incidentFile.id, fileId), eq(incidentFile.incidentId, id)));
  if (!f) throw notFound();
  return f;
}

const tooLarge = () =>
  new AppError(413, "attachment_too_large", { max: MAX_LABEL }, [
    { path: "contentBase64", code: "file_too_large", vars: { max: MAX_LABEL } },
  ]);

/**
 * Add a file to a report. Its kind is found from its bytes (415 when none of the accepted kinds); the
 * same content sent again to the same report (a retry, the outbox resending) answers with the file
 * already kept (`created: false`) and changes nothing.
 */
export async function addIncidentFile(
  database: Database,
  ctx: Ctx,
  id: string,
  input: IncidentFileUpload,
): Promise<{ file: IncidentFileView; created: boolean }> {
  const actor = ctx.user.actor;
  // Before any work on the bytes: the report exists and the sender may read it.
  await readable(database.db, actor, id);
  let content: Buffer;
  try {
    content = decodeBase64Upload(input.contentBase64, ATTACHMENT_MAX_BYTES);
  } catch (e) {
    if (e instanceof UploadError) throw tooLarge();
    throw e;
  }
  const found = await detectAttachment(content);
  if (!found)
    throw new AppError(415, "attachment_type", {}, [{ path: "contentBase64", code: "attachment_type" }]);
  const sha256 = createHash("sha256").update(content).digest("hex");
  const filename = attachmentName(input.filename, found.kind);

  return database.db.transaction(async (tx) => {
    // The report's row locked: two uploads to one report count and compare one after the other.
    const row = await readable(tx, actor, id);
    await tx.select({ id: incident.id }).from(incident).where(eq(incident.id, id)).for("update");
    const [same] = await tx
      .select(listed)
      .from(incidentFile)
      .where(and(eq(incidentFile.incidentId, id), eq(incidentFile.sha256, sha256)));
    if (same) return { file: (await viewsOf(tx, [same]))[0], created: false };
    const [{ n }] = await tx.select({ n: count() }).from(incidentFile).where(eq(incidentFile.incidentId, id));
    if (Number(n) >= ATTACHMENT_MAX_FILES)
      throw new AppError(409, "attachments_full", { max: ATTACHMENT_MAX_FILES }, [
        { path: "contentBase64", code: "attachments_full", vars: { max: ATTACHMENT_MAX_FILES } },
      ]);
    const [saved] = await tx
      .insert(incidentFile)
      .values({
        incidentId: id,
        filename,
        kind: found.kind,
        mime: found.mime,
        size: content.length,
        sha256,
        content,
        uploadedBy: ctx.user.id,
        uploadedByName: ctx.user.username,
      })
      .returning(listed);
    await writeAudit(tx, ctx, {
      action: "incident.file_added",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      after: { fileId: saved.id, filename, kind: found.kind, size: content.length, sha256 },
    });
    return { file: (await viewsOf(tx, [saved]))[0], created: true };
  });
}
