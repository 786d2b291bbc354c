/**
 * The anti-terrorist protection passport (Law art. 10-2; requirements of Decree No. 305): structured
 * sections, versioned; the owner drafts and submits, the territorial police unit agrees it or returns it
 * with remarks; the signed scan is attached (PDF, JPEG or PNG by its first bytes). Its contents are
 * restricted ("ДСП"): only `canReadPassport` reads them, and every read is audited.
 */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  type PassportSections,
  type PassportView,
  passportSections,
} from "../../../domain/contracts/vulnerable-objects";
import { almatyDate } from "../../../domain/prevention";
import {
  addYears,
  canAgreePassport,
  canReadPassport,
  canWritePassport,
  categoryOf,
  equipmentGaps,
  nextPassportStatus,
  type PassportAction,
  type PassportStatus,
  SCAN_MAX_BYTES,
  scanMimeOf,
} from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden, notFound, versionConflict } from "../../platform/errors";
import { decodeBase64Upload, UploadError } from "../../platform/uploads";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import type { VulnerableObjectsConfig } from "./objects.config";
import { type ObjectRow, readableObject, targetOf } from "./objects.scope";
import { newestPassport, syncPassportCopy } from "./passport-copy";
import { objectPassport, objectPassportEvent } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;
type PassportRow = typeof objectPassport.$inferSelect;
type PassportAllowed = PassportView["allowedActions"][number];

function allowed(ctx: Ctx, o: ObjectRow, p: PassportRow | null, newest: boolean): PassportAllowed[] {
  const t = targetOf(o);
  const out: PassportAllowed[] = [];
  const status = p?.status as PassportStatus | undefined;
  if (canWritePassport(ctx.user.actor, t) && newest) {
    if (!p || status === "draft" || status === "returned") out.push("save");
    if (status === "draft" || status === "returned") out.push("submit");
    if (p && status !== "submitted") out.push("attachScan");
    if (status === "agreed") out.push("revise");
  }
  if (canAgreePassport(ctx.user.actor, t) && newest && status === "submitted") out.push("agree", "return");
  return out;
}

async function view(
  db: DbOrTx,
  ctx: Ctx,
  o: ObjectRow,
  p: PassportRow,
  cfg: VulnerableObjectsConfig,
): Promise<PassportView> {
  const newest = await newestPassport(db, o.id);
  const history = await db
    .select()
    .from(objectPassportEvent)
    .where(eq(objectPassportEvent.passportId, p.id))
    .orderBy(asc(objectPassportEvent.id));
  const people = await peopleByIds(
    db,
    history.map((h) => h.actorId),
  );
  const sections = passportSections.parse(p.sections);
  return {
    id: p.id,
    objectId: o.id,
    number: p.number,
    status: p.status as PassportStatus,
    category: p.category,
    validUntil: p.validUntil,
    submittedAt: p.submittedAt?.toISOString() ?? null,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    remarks: p.remarks,
    sections,
    scan: p.scanFilename ? { filename: p.scanFilename, mime: p.scanMime ?? "", size: p.scanSize ?? 0 } : null,
    gaps: equipmentGaps(categoryOf(cfg.catalogue, o.category)?.required ?? [], sections.engineering),
    version: p.version,
    allowedActions: allowed(ctx, o, p, newest?.id === p.id),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      actorName: h.actorName,
      actor: (h.actorId && people.get(h.actorId)) || null,
      comment: h.comment,
    })),
  };
}

async function event(tx: DbOrTx, ctx: Ctx, passportId: string, action: string, comment = "") {
  await tx.insert(objectPassportEvent).values({
    passportId,
    action,
    actorId: ctx.user.id,
    actorName: ctx.user.username,
    comment,
  });
}

/** The object, if the actor may read its passport's contents (else 404 when unseen, 403 when seen). */
async function passportObject(tx: DbOrTx, ctx: Ctx, objectId: string, forUpdate = false) {
  const o = await readableObject(tx, ctx.user.actor, objectId, forUpdate);
  if (!canReadPassport(ctx.user.actor, targetOf(o))) throw forbidden();
  return o;
}

/** One version (the newest when `number` is omitted): every read is audited (restricted contents). */
export async function readPassport(
  database: Database,
  ctx: Ctx,
  objectId: string,
  number: number | undefined,
  cfg: VulnerableObjectsConfig,
): Promise<PassportView> {
  return database.db.transaction(async (tx) => {
    const o = await passportObject(tx, ctx, objectId);
    const p =
      number === undefined
        ? await newestPassport(tx, objectId)
        : (
            await tx
              .select()
              .from(objectPassport)
              .where(and(eq(objectPassport.objectId, objectId), eq(objectPassport.number, number)))
          )[0];
    if (!p) throw notFound();
    await writeAudit(tx, ctx, {
      action: "object.passport_read",
      entityType: "object_passport",
      entityId: p.id,
      territoryPath: o.territoryPath,
      after: { objectId, number: p.number },
    });
    return view(tx, ctx, o, p, cfg);
  });
}

/** The versions' statuses and dates (no contents): for anyone who sees the object. */
export async function passportVersions(db: DbOrTx, ctx: Ctx, objectId: string) {
  await readableObject(db, ctx.user.actor, objectId);
  const rows = await db
    .select()
    .from(objectPassport)
    .where(eq(objectPassport.objectId, objectId))
    .orderBy(desc(objectPassport.number));
  return {
    items: rows.map((p) => ({
      id: p.id,
      number: p.number,
      status: p.status as PassportStatus,
      validUntil: p.validUntil,
      submittedAt: p.submittedAt?.toISOString() ?? null,
      decidedAt: p.decidedAt?.toISOString() ?? null,
      remarks: p.remarks,
    })),
  };
}

/**
 * Save the sections: into the newest draft (or returned) version when `version` names it; a new version
 * when there is none yet or the newest is agreed (a revision). A submitted passport waits for the police.
 */
export async function savePassport(
  database: Database,
  ctx: Ctx,
  objectId: string,
  input: { sections: PassportSections; version?: number },
  cfg: VulnerableObjectsConfig,
): Promise<PassportView> {
  return database.db.transaction(async (tx) => {
    const o = await passportObject(tx, ctx, objectId, true);
    if (!canWritePassport(ctx.user.actor, targetOf(o))) throw forbidden();
    const newest = await newestPassport(tx, objectId);
    let row: PassportRow;
    if (newest && (newest.status === "draft" || newest.status === "returned")) {
      if (input.version !== newest.version) throw versionConflict();
      [row] = await tx
        .update(objectPassport)
        .set({
          sections: input.sections,
          status: "draft",
          version: sql`${objectPassport.version} + 1`,
          updatedAt: new Date(),
        })
        .where(and(eq(objectPassport.id, newest.id), eq(objectPassport.version, newest.version)))
        .returning();
      if (!row) throw versionConflict();
    } else if (newest && newest.status === "submitted") {
      throw new AppError(409, "invalid_transition", { from: newest.status, action: "save" });
    } else {
      [row] = await tx
        .insert(objectPassport)
        .values({ objectId, number: (newest?.number ?? 0) + 1, sections: input.sections })
        .returning();
    }
    await event(tx, ctx, row.id, "save");
    await syncPassportCopy(tx, objectId, cfg);
    await writeAudit(tx, ctx, {
      action: "object.passport_saved",
      entityType: "object_passport",
      entityId: row.id,
      territoryPath: o.territoryPath,
      after: { objectId, number: row.number },
    });
    return view(tx, ctx, o, row, cfg);
  });
}

/** Submit (the owner), agree or return with remarks (the territorial police unit). */
export async function actOnPassport(
  database: Database,
  ctx: Ctx,
  objectId: string,
  input: { action: PassportAction; remarks: string; version: number },
  cfg: VulnerableObjectsConfig,
): Promise<PassportView> {
  return database.db.transaction(async (tx) => {
    const o = await passportObject(tx, ctx, objectId, true);
    const t = targetOf(o);
    const may =
      input.action === "submit" ? canWritePassport(ctx.user.actor, t) : canAgreePassport(ctx.user.actor, t);
    if (!may) throw forbidden();
    const p = await newestPassport(tx, objectId);
    if (!p) throw notFound();
    const to = nextPassportStatus(p.status as PassportStatus, input.action);
    if (!to) throw new AppError(409, "invalid_transition", { from: p.status, action: input.action });
    if (p.version !== input.version) throw versionConflict();
    if (input.action === "return" && !input.remarks) throw fieldError("remarks", "reason_required");
    const now = new Date();
    const validity = categoryOf(cfg.catalogue, o.category)?.passportValidityYears ?? 3;
    const changes: Partial<PassportRow> =
      input.action === "submit"
        ? { status: to, submittedAt: now, category: o.category, remarks: "" }
        : input.action === "agree"
          ? {
              status: to,
              decidedAt: now,
              decidedBy: ctx.user.id,
              validUntil: addYears(almatyDate(now), validity),
              remarks: input.remarks,
            }
          : { status: to, decidedAt: now, decidedBy: ctx.user.id, remarks: input.remarks };
    const [row] = await tx
      .update(objectPassport)
      .set({ ...changes, version: sql`${objectPassport.version} + 1`, updatedAt: now })
      .where(and(eq(objectPassport.id, p.id), eq(objectPassport.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await event(tx, ctx, row.id, input.action, input.remarks);
    await syncPassportCopy(tx, objectId, cfg);
    await writeAudit(tx, ctx, {
      action:
        input.action === "submit"
          ? "object.passport_submitted"
          : input.action === "agree"
            ? "object.passport_agreed"
            : "object.passport_returned",
      entityType: "object_passport",
      entityId: row.id,
      territoryPath: o.territoryPath,
      before: { status: p.status },
      after: { status: row.status, validUntil: row.validUntil },
    });
    return view(tx, ctx, o, row, cfg);
  });
}

/** The signed scan, attached to the newest version by its owner: PDF, JPEG or PNG by magic bytes. */
export async function attachScan(
  database: Database,
  ctx: Ctx,
  objectId: string,
  input: { filename: string; contentBase64: string; version: number },
  cfg: VulnerableObjectsConfig,
): Promise<PassportView> {
  let content: Buffer;
  try {
    content = decodeBase64Upload(input.contentBase64, SCAN_MAX_BYTES);
  } catch (e) {
    if (e instanceof UploadError) throw fieldError("contentBase64", "file_too_large", { max: "10 MB" });
    throw e;
  }
  const mime = scanMimeOf(content.subarray(0, 8));
  if (!mime) throw fieldError("contentBase64", "scan_type");
  return database.db.transaction(async (tx) => {
    const o = await passportObject(tx, ctx, objectId, true);
    if (!canWritePassport(ctx.user.actor, targetOf(o))) throw forbidden();
    const p = await newestPassport(tx, objectId);
    if (!p) throw notFound();
    if (p.status === "submitted")
      throw new AppError(409, "invalid_transition", { from: p.status, action: "attachScan" });
    if (p.version !== input.version) throw versionConflict();
    const [row] = await tx
      .update(objectPassport)
      .set({
        scan: content,
        scanFilename: input.filename,
        scanMime: mime,
        scanSize: content.length,
        version: sql`${objectPassport.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(objectPassport.id, p.id), eq(objectPassport.version, input.version)))
      .returning();
    if (!row) throw versionConflict();
    await event(tx, ctx, row.id, "scan", input.filename);
    await writeAudit(tx, ctx, {
      action: "object.passport_scan",
      entityType: "object_passport",
      entityId: row.id,
      territoryPath: o.territoryPath,
      after: { filename: input.filename, mime, size: content.length },
    });
    return view(tx, ctx, o, row, cfg);
  });
}

/** The scan's bytes (a read of the passport: audited). */
export async function readScan(database: Database, ctx: Ctx, objectId: string, number: number) {
  return database.db.transaction(async (tx) => {
    const o = await passportObject(tx, ctx, objectId);
    const [p] = await tx
      .select()
      .from(objectPassport)
      .where(and(eq(objectPassport.objectId, objectId), eq(objectPassport.number, number)));
    if (!p?.scan) throw notFound();
    await writeAudit(tx, ctx, {
      action: "object.passport_read",
      entityType: "object_passport",
      entityId: p.id,
      territoryPath: o.territoryPath,
      after: { objectId, number: p.number, scan: true },
    });
    return {
      content: p.scan,
      mime: p.scanMime ?? "application/octet-stream",
      filename: p.scanFilename ?? "scan",
    };
  });
}
