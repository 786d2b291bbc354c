/**
 * Shared helpers for generated documents (PDF via pdfkit with DejaVu fonts, which carry every Kazakh
 * letter and №; XLSX via exceljs). Labels come from the web app's catalogues, so a document speaks the
 * same words as the screen.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type PDFKit from "pdfkit";
import { almatyMinute } from "../../domain/almaty-time";
import type { Locale, Names } from "../../domain/contracts/common";
import { projectPath } from "./paths";

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const CATALOGUES = projectPath("src/web/i18n");

const cache = new Map<Locale, Record<string, unknown>>();

/** A catalogue entry with {{vars}} filled in; the key itself when missing. */
export function label(locale: Locale, key: string, vars: Record<string, string> = {}): string {
  let cat = cache.get(locale);
  if (!cat) {
    cat = JSON.parse(readFileSync(join(CATALOGUES, `${locale}.json`), "utf8")) as Record<string, unknown>;
    cache.set(locale, cat);
  }
  let v: unknown = cat;
  for (const part of key.split(".")) v = (v as Record<string, unknown> | undefined)?.[part];
  const s = typeof v === "string" ? v : key;
  return s.replace(/\{\{(\w+)\}\}/g, (_, k) => vars[k] ?? "");
}

export const nameIn = (n: Names, l: Locale) => n[l] || n.ru;

/** Date and time in Asia/Almaty, dd.mm.yyyy HH:mm in every language (domain/almaty-time.ts). */
export const when = (iso: string | null, _l?: Locale) => (iso ? almatyMinute(iso) : "");

/** A calendar date "YYYY-MM-DD" as DD.MM.YYYY. */
export const day = (date: string | null) => (date ? date.split("-").reverse().join(".") : "");

/**
 * The document libraries are loaded on first use, not at start-up (together they are a third of a
 * second of the server's start on this machine).
 */
export const loadExcel = async () => (await import("exceljs")).default;

/** An A4 PDF with the DejaVu fonts registered as "regular" and "bold"; `done` resolves to the bytes. */
export async function pdfDocument(
  title: string,
): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  const PDFDocument = (await import("pdfkit")).default;
  const doc = new PDFDocument({ size: "A4", margin: 50, info: { Title: title, Author: "Qorgan" } });
  doc.registerFont("regular", join(FONT_DIR, "DejaVuSans.ttf"));
  doc.registerFont("bold", join(FONT_DIR, "DejaVuSans-Bold.ttf"));
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((res) => doc.on("end", () => res(Buffer.concat(chunks))));
  return { doc, done };
}
