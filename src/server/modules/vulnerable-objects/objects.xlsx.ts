/**
 * A territory's list of objects to and from XLSX. The import goes through the platform's hardened upload
 * (platform/uploads.ts: size refused before decoding, the ZIP checked whole, inflation budgeted) and the
 * streaming sheet reader (platform/xlsx-reader.ts) as the plan import does; each row is validated with
 * the contract of registering an object (`objectBody`) and written in its own savepoint of one
 * transaction: a rejected row leaves nothing behind (not even its new owner organisation), and the report
 * names each rejected row, column and reason.
 */
import { and } from "drizzle-orm";
import type { Locale } from "../../../domain/contracts/common";
import {
  type ObjectImportReport,
  type ObjectSummary,
  objectBody,
} from "../../../domain/contracts/vulnerable-objects";
import { isInSubtree } from "../../../domain/territory";
import {
  canManageObjectsIn,
  OBJECT_IMPORT_MAX_BYTES,
  OBJECT_IMPORT_MAX_ROWS,
} from "../../../domain/vulnerable-objects";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { label, loadExcel, nameIn } from "../../platform/documents";
import { AppError, fieldError, forbidden, issueToField } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { decodeBase64Upload, openZip, UploadError } from "../../platform/uploads";
import { readFirstSheet, type SheetValue } from "../../platform/xlsx-reader";
import { bodyMap } from "../registry";
import type { VulnerableObjectsConfig } from "./objects.config";
import { insertObject, listConditions, presentSummaries, territoryOf } from "./objects.service";
import { syncPassportCopy } from "./passport-copy";
import { vulnerableObject } from "./vulnerable-objects.tables";

type Ctx = Required<RequestContext>;

export const objectColumns = [
  "nameKk",
  "nameRu",
  "ownerBin",
  "ownerNameKk",
  "ownerNameRu",
  "territoryCode",
  "address",
  "lat",
  "lon",
  "category",
  "sector",
  "attendance",
  "staff",
  "responsibleName",
  "responsiblePhone",
  "responsibleEmail",
] as const;
type Column = (typeof objectColumns)[number];
const REQUIRED: readonly Column[] = ["nameKk", "nameRu", "ownerBin", "territoryCode", "category"];
const LOCALES: readonly Locale[] = ["kk", "ru", "en"];
const colLabel = (l: Locale, c: Column | "passport") => label(l, `objects.col.${c}`);
const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();

type Cell = string | number | null;

function plain(v: SheetValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
}

/** The data rows by column; wrong headers, too many rows, not a workbook → 400 (nothing imported). */
async function readSheet(buf: Buffer): Promise<{ row: number; cells: Partial<Record<Column, Cell>> }[]> {
  const known = new Map<string, Column>();
  for (const c of objectColumns) {
    known.set(norm(c), c);
    for (const l of LOCALES) known.set(norm(colLabel(l, c)), c);
  }
  let columns: Map<number, Column> | null = null;
  const rows: { row: number; cells: Partial<Record<Column, Cell>> }[] = [];
  try {
    await readFirstSheet(
      openZip(buf, { maxInflatedBytes: 64 * 1024 * 1024, maxEntries: 1000 }),
      (n, values) => {
        if (!columns) {
          columns = new Map();
          for (const [i, v] of values) {
            const p = plain(v);
            if (p === null) continue;
            const c = known.get(norm(String(p)));
            if (!c || [...columns.values()].includes(c))
              throw new AppError(400, "import_headers", { detail: String(p).slice(0, 100) });
            columns.set(i, c);
          }
          const present = new Set(columns.values());
          const missing = REQUIRED.filter((c) => !present.has(c));
          if (missing.length) throw new AppError(400, "import_headers", { detail: missing.join(", ") });
          return;
        }
        const cells: Partial<Record<Column, Cell>> = {};
        let any = false;
        for (const [i, c] of columns) {
          cells[c] = plain(values.get(i));
          if (cells[c] !== null) any = true;
        }
        if (!any) return;
        if (rows.length >= OBJECT_IMPORT_MAX_ROWS)
          throw new AppError(400, "import_too_many_rows", { max: String(OBJECT_IMPORT_MAX_ROWS) });
        rows.push({ row: n, cells });
      },
    );
  } catch (e) {
    if (e instanceof UploadError)
      throw e.reason === "too_big"
        ? new AppError(400, "import_too_big", { max: "4 MB" })
        : new AppError(400, "import_not_xlsx");
    throw e;
  }
  if (!columns) throw new AppError(400, "import_headers", { detail: REQUIRED.join(", ") });
  return rows;
}

/** A category given as its key or its name in any language. */
function categoryKey(cfg: VulnerableObjectsConfig, v: string): string {
  const n = norm(v);
  const c = cfg.catalogue.categories.find(
    (c) => norm(c.key) === n || LOCALES.some((l) => norm(c.names[l]) === n),
  );
  return c?.key ?? v;
}

export async function importObjects(
  database: Database,
  ctx: Ctx,
  input: { territoryCode: string; contentBase64: string },
  dryRun: boolean,
  cfg: VulnerableObjectsConfig,
): Promise<ObjectImportReport> {
  const actor = ctx.user.actor;
  const scope = await territoryOf(database.db, input.territoryCode);
  if (!canManageObjectsIn(actor, scope.path)) throw forbidden();
  let buf: Buffer;
  try {
    buf = decodeBase64Upload(input.contentBase64, OBJECT_IMPORT_MAX_BYTES);
  } catch (e) {
    if (e instanceof UploadError) throw new AppError(400, "import_too_big", { max: "4 MB" });
    throw e;
  }
  const rows = await readSheet(buf);
  const rejected: ObjectImportReport["rejected"] = [];
  const reject = (row: number, field: string, code: string, vars?: Record<string, string | number>) =>
    rejected.push({ row, field, code, message: t(ctx.locale, `validation.${code}`, vars) });
  let imported = 0;
  await database.db.transaction(async (tx) => {
    for (const r of rows) {
      const c = r.cells;
      const str = (v: Cell | undefined) => (v === null || v === undefined ? undefined : String(v));
      const num = (v: Cell | undefined) =>
        v === null || v === undefined
          ? undefined
          : typeof v === "number"
            ? v
            : Number(String(v).replace(",", "."));
      const parsed = objectBody.safeParse({
        nameKk: str(c.nameKk) ?? "",
        nameRu: str(c.nameRu) ?? "",
        owner: {
          bin: str(c.ownerBin) ?? "",
          nameKk: str(c.ownerNameKk) ?? str(c.nameKk) ?? "",
          nameRu: str(c.ownerNameRu) ?? str(c.nameRu) ?? "",
        },
        territoryCode: str(c.territoryCode) ?? "",
        address: str(c.address),
        lat: num(c.lat) ?? null,
        lon: num(c.lon) ?? null,
        category: categoryKey(cfg, str(c.category) ?? ""),
        sector: str(c.sector),
        attendance: num(c.attendance),
        staff: num(c.staff),
        responsibleName: str(c.responsibleName),
        responsiblePhone: str(c.responsiblePhone),
        responsibleEmail: str(c.responsibleEmail),
      });
      if (!parsed.success) {
        const seen = new Set<string>();
        for (const zi of parsed.error.issues) {
          const f = issueToField(zi as never);
          const field = f.path.startsWith("owner.bin")
            ? "ownerBin"
            : f.path.startsWith("owner.")
              ? `owner${f.path.slice(6, 7).toUpperCase()}${f.path.slice(7)}`
              : f.path.split(".")[0];
          if (seen.has(field)) continue;
          seen.add(field);
          reject(r.row, field, f.code, f.vars);
        }
        continue;
      }
      try {
        const t = await territoryOf(tx, parsed.data.territoryCode);
        if (!isInSubtree(t.path, scope.path)) throw fieldError("territoryCode", "outside_territory");
        // Each row in its own savepoint: a refused row leaves nothing, not even a new organisation.
        await tx.transaction(async (sp) => {
          const o = await insertObject(sp, ctx, parsed.data, cfg);
          await syncPassportCopy(sp, o.id, cfg);
          if (dryRun) throw new DryRunRow();
        });
        imported++;
      } catch (e) {
        if (e instanceof DryRunRow) {
          imported++;
          continue;
        }
        if (!(e instanceof AppError)) throw e;
        if (e.fields.length)
          for (const f of e.fields)
            reject(r.row, f.path.startsWith("owner") ? "ownerBin" : f.path, f.code, f.vars);
        else reject(r.row, "ownerBin", e.code === "forbidden" ? "not_allowed_here" : e.code);
      }
    }
  });
  return { dryRun, total: rows.length, imported, rejected };
}

/** Thrown inside a row's savepoint in a dry run: the row is checked in full, then rolled back. */
class DryRunRow extends Error {}

export async function exportObjects(
  db: DbOrTx,
  ctx: Ctx,
  q: Parameters<typeof listConditions>[2],
  l: Locale,
  cfg: VulnerableObjectsConfig,
) {
  const conds = await listConditions(db, ctx.user.actor, q);
  const rows = conds
    ? await db
        .select()
        .from(vulnerableObject)
        .where(and(...conds))
        .orderBy(vulnerableObject.territoryPath, vulnerableObject.nameKk)
        .limit(100_000)
    : [];
  const summaries = new Map<string, ObjectSummary>((await presentSummaries(db, rows)).map((s) => [s.id, s]));
  const owners = await bodyMap(
    db,
    rows.map((r) => r.ownerBodyId),
  );
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const ws = wb.addWorksheet(label(l, "objects.title").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  ws.columns = [...objectColumns, "passport" as const].map((c) => ({
    header: colLabel(l, c),
    key: c,
    width: c.startsWith("name") || c === "address" ? 40 : 18,
  }));
  ws.getRow(1).font = { bold: true };
  for (const o of rows) {
    const owner = owners.get(o.ownerBodyId);
    const cat = cfg.catalogue.categories.find((c) => c.key === o.category);
    ws.addRow({
      nameKk: o.nameKk,
      nameRu: o.nameRu,
      ownerBin: owner?.bin ?? "",
      ownerNameKk: owner?.nameKk ?? "",
      ownerNameRu: owner?.nameRu ?? "",
      territoryCode: o.territoryCode,
      address: o.address,
      lat: o.lat,
      lon: o.lon,
      category: cat ? nameIn(cat.names, l) : o.category,
      sector: o.sector,
      attendance: o.attendance,
      staff: o.staff,
      responsibleName: o.responsibleName,
      responsiblePhone: o.responsiblePhone,
      responsibleEmail: o.responsibleEmail,
      passport: label(l, `objects.passportState.${summaries.get(o.id)?.passportState ?? "none"}`),
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
