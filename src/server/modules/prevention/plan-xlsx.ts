/**
 * A plan's measures as an XLSX sheet — the one column layout shared by the export, the
 * import template and the import (docs/plan-xlsx.md): row 1 holds the headers, every further row one
 * measure. Headers are the web catalogue's labels (`planXlsx.col.*`) in the reader's language; on import
 * a header is recognised in kk, ru or en, or as its column key.
 */
import type ExcelJS from "exceljs";
import type { Locale, Names } from "../../../domain/contracts/common";
import type { PlanDetail } from "../../../domain/contracts/prevention";
import {
  categoryBasis,
  indicatorKinds,
  type MeasureCategory,
  measureCategories,
  measureSubtypes,
  PLAN_IMPORT_MAX_BYTES,
  PLAN_IMPORT_MAX_ROWS,
  periodicities,
  propagandaGoals,
} from "../../../domain/prevention";
import { label, loadExcel, nameIn } from "../../platform/documents";
import { AppError } from "../../platform/errors";
import { decodeBase64Upload, openZip, UploadError, type ZipLimits } from "../../platform/uploads";
import { readFirstSheet, type SheetValue } from "../../platform/xlsx-reader";

export const planColumns = [
  "number",
  "category",
  "subtype",
  "title",
  "responsibleBody",
  "responsibleBodyId",
  "coExecutors",
  "coExecutorIds",
  "partners",
  "partnerIds",
  "deadline",
  "periodicity",
  ...indicatorKinds,
  "goals",
  "status",
] as const;
export type PlanColumn = (typeof planColumns)[number];

/** Columns an imported sheet must have (a responsible body by name or by id is checked per row). */
const REQUIRED: readonly PlanColumn[] = ["category", "subtype", "title"];
const LOCALES: readonly Locale[] = ["kk", "ru", "en"];
export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Compare labels loosely: case, repeated spaces and a trailing rule reference "(R10.3)" do not matter. */
export const normalise = (s: string) =>
  s
    .normalize("NFC")
    .replace(/\s*\((R\d+(\.\d+)?)\)\s*$/i, "")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();

const columnLabel = (l: Locale, c: PlanColumn) => label(l, `planXlsx.col.${c}`);

/** A catalogue value given as its code or its label in any language (see `normalise`). */
export function matchCode<T extends string>(
  value: string,
  codes: readonly T[],
  labelKey: (code: T) => string,
): T | null {
  const v = normalise(value);
  for (const code of codes) {
    if (normalise(code) === v) return code;
    if (LOCALES.some((l) => normalise(label(l, labelKey(code))) === v)) return code;
  }
  return null;
}

const withBasis = (text: string, basis: string) => `${text.replace(/\s*\(R[\d.]+\)\s*$/, "")} (${basis})`;
export const categoryLabel = (l: Locale, c: MeasureCategory) =>
  withBasis(label(l, `measureCategory.${c}`), categoryBasis[c]);
export const subtypeLabel = (l: Locale, c: MeasureCategory, s: string) =>
  withBasis(label(l, `measureSubtype.${s}`), measureSubtypes[c].find((x) => x.key === s)?.basis ?? "R7");

/** "YYYY-MM-DD" as the Date an Excel date cell holds (exceljs reads and writes them as UTC midnight). */
const excelDate = (d: string) => new Date(`${d}T00:00:00Z`);

function measureSheet(wb: ExcelJS.Workbook, l: Locale) {
  const ws = wb.addWorksheet(label(l, "planXlsx.sheet").slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  ws.columns = planColumns.map((c) => ({
    header: columnLabel(l, c),
    key: c,
    width:
      c === "title"
        ? 60
        : c === "number"
          ? 6
          : ["responsibleBodyId", "coExecutorIds", "partnerIds"].includes(c)
            ? 38
            : 24,
    style: c === "deadline" ? { numFmt: "dd.mm.yyyy" } : {},
  }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "top" };
  return ws;
}

type MeasureCells = Partial<Record<PlanColumn, string | number | Date | null>>;

function measureCells(
  m: PlanDetail["measures"][number],
  i: number,
  names: Map<string, Names>,
  l: Locale,
): MeasureCells {
  const list = (ids: string[]) =>
    ids.map((id) => (names.has(id) ? nameIn(names.get(id)!, l) : id)).join("\n");
  return {
    number: i + 1,
    category: categoryLabel(l, m.category),
    subtype: subtypeLabel(l, m.category, m.subtype),
    title: m.title,
    responsibleBody: nameIn(m.responsibleBody.names, l),
    responsibleBodyId: m.responsibleBody.id,
    coExecutors: list(m.coExecutorIds),
    coExecutorIds: m.coExecutorIds.join("\n"),
    partners: list(m.partnerIds),
    partnerIds: m.partnerIds.join("\n"),
    deadline: m.deadline ? excelDate(m.deadline) : null,
    periodicity: label(l, `periodicity.${m.periodicity}`),
    ...Object.fromEntries(indicatorKinds.map((k) => [k, m.indicators[k] ?? null])),
    goals: m.goals.map((g) => label(l, `propagandaGoal.${g}`)).join("\n"),
    status: label(l, `planXlsx.measureStatus.${m.status}`),
  };
}

/** The plan's measures, one row each; `names` gives the names of co-executors and partners. */
export async function planXlsx(p: PlanDetail, names: Map<string, Names>, l: Locale): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  wb.title = `${nameIn(p.body.names, l)} · ${p.year}`;
  const ws = measureSheet(wb, l);
  p.measures.forEach((m, i) => {
    ws.addRow(measureCells(m, i, names, l)).alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The headers, one example row, and a sheet with the catalogue codes and the rules of the layout. */
export async function planTemplateXlsx(
  l: Locale,
  example: { bodyId: string; bodyNames: Names } | null,
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const ws = measureSheet(wb, l);
  const year = new Date().getFullYear();
  ws.addRow({
    number: 1,
    category: categoryLabel(l, "organisational"),
    subtype: subtypeLabel(l, "organisational", "exercises_and_drills"),
    title: label(l, "planXlsx.exampleTitle"),
    responsibleBody: example ? nameIn(example.bodyNames, l) : "",
    responsibleBodyId: example?.bodyId ?? "",
    deadline: excelDate(`${year}-12-31`),
    periodicity: label(l, "periodicity.quarterly"),
    events_held: 4,
    people_reached: 500,
  } satisfies MeasureCells);

  const cat = wb.addWorksheet(label(l, "planXlsx.catalogueSheet").slice(0, 31));
  cat.columns = [{ width: 30 }, { width: 34 }, { width: 50 }, { width: 50 }, { width: 50 }, { width: 10 }];
  for (const note of ["layout", "rows", "bodies", "dates", "lists", "ignored", "limits"])
    cat.addRow([label(l, `planXlsx.notes.${note}`, { max: String(PLAN_IMPORT_MAX_ROWS) })]);
  cat.addRow([]);
  const head = (title: string) => {
    cat.addRow([title]).font = { bold: true };
    cat.addRow([label(l, "planXlsx.col.category"), label(l, "planXlsx.code"), "kk", "ru", "en", "R"]).font = {
      italic: true,
    };
  };
  const labels = (key: string) => LOCALES.map((x) => label(x, key));
  head(label(l, "planXlsx.col.subtype"));
  for (const c of measureCategories) {
    cat.addRow([c, c, ...labels(`measureCategory.${c}`), categoryBasis[c]]).font = { bold: true };
    for (const s of measureSubtypes[c]) cat.addRow([c, s.key, ...labels(`measureSubtype.${s.key}`), s.basis]);
  }
  cat.addRow([]);
  head(label(l, "planXlsx.col.periodicity"));
  for (const p of periodicities) cat.addRow(["", p, ...labels(`periodicity.${p}`)]);
  cat.addRow([]);
  head(label(l, "planXlsx.col.goals"));
  for (const g of propagandaGoals) cat.addRow(["propaganda", g, ...labels(`propagandaGoal.${g}`), "R12"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/* ------------------------------------------------------------------------------------------- reading */

export type Cell = string | number | Date | null;
export type SheetRow = { row: number; cells: Partial<Record<PlanColumn, Cell>> };

/** A cell's value as plain data: text trimmed (empty: none), booleans as text. */
export function plain(v: SheetValue | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v.trim() === "" ? null : v.trim();
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  return String(v);
}

/**
 * What a plan's file may be: PLAN_IMPORT_MAX_BYTES (2 MB) as sent, and what its parts may inflate to,
 * together, whatever their headers declare. Real sheets of 2,000 measures stay far below.
 */
export const PLAN_UPLOAD_LIMITS: ZipLimits = { maxInflatedBytes: 64 * 1024 * 1024, maxEntries: 1000 };

/** An upload refused by the platform's limits, as the import's codes. */
function refused(e: unknown): unknown {
  if (!(e instanceof UploadError)) return e;
  if (e.reason === "too_big") return new AppError(400, "import_too_big", { max: "2 MB" });
  return new AppError(400, "import_not_xlsx");
}

/**
 * The data rows of the first sheet, keyed by column, read as a stream (platform/xlsx-reader.ts: every
 * part inflated under PLAN_UPLOAD_LIMITS, reading stops at the first row past the limit). Not an XLSX
 * file, unknown, repeated or missing headers, or more than PLAN_IMPORT_MAX_ROWS rows → 400 with the
 * reason; blank rows are skipped.
 */
export async function readPlanSheet(buf: Buffer, l: Locale): Promise<SheetRow[]> {
  const known = new Map<string, PlanColumn>();
  for (const c of planColumns) {
    known.set(normalise(c), c);
    for (const l of LOCALES) known.set(normalise(columnLabel(l, c)), c);
  }
  let columns: Map<number, PlanColumn> | null = null;
  /** Row 1 holds the headers (a sheet that starts lower, or is empty, has none). */
  const headers = (cells: Map<number, SheetValue>) => {
    const out = new Map<number, PlanColumn>();
    for (const [i, value] of [...cells].sort((a, b) => a[0] - b[0])) {
      const v = plain(value);
      if (v === null) continue;
      const c = known.get(normalise(String(v)));
      if (!c || [...out.values()].includes(c))
        throw new AppError(400, "import_headers", { detail: String(v).slice(0, 100) });
      out.set(i, c);
    }
    const present = new Set(out.values());
    const missing = REQUIRED.filter((c) => !present.has(c));
    if (!present.has("responsibleBody") && !present.has("responsibleBodyId")) missing.push("responsibleBody");
    if (missing.length)
      throw new AppError(400, "import_headers", {
        detail: missing.map((c) => columnLabel(l, c)).join(", "),
      });
    return out;
  };

  const rows: SheetRow[] = [];
  try {
    const zip = openZip(buf, PLAN_UPLOAD_LIMITS);
    await readFirstSheet(zip, (n, values) => {
      if (!columns) {
        columns = headers(n === 1 ? values : new Map());
        if (n === 1) return;
      }
      const cells: SheetRow["cells"] = {};
      let any = false;
      for (const [i, c] of columns) {
        const v = plain(values.get(i));
        cells[c] = v;
        if (v !== null && c !== "number") any = true;
      }
      if (!any) return;
      if (rows.length >= PLAN_IMPORT_MAX_ROWS)
        throw new AppError(400, "import_too_many_rows", { max: String(PLAN_IMPORT_MAX_ROWS) });
      rows.push({ row: n, cells });
    });
  } catch (e) {
    throw refused(e);
  }
  if (!columns) headers(new Map());
  return rows;
}

/** The file sent as base64, refused (`import_too_big`) before decoding when over PLAN_IMPORT_MAX_BYTES. */
export function decodePlanUpload(contentBase64: string): Buffer {
  try {
    return decodeBase64Upload(contentBase64, PLAN_IMPORT_MAX_BYTES);
  } catch (e) {
    throw refused(e);
  }
}
