/**
 * Small real files of each kind a report may carry, and hostile ones that pretend to be such, built
 * in code (no binary fixtures): a PNG drawn pixel by pixel, a PDF by pdfkit, an XLSX by exceljs, a
 * DOCX from its two required parts.
 */
import { crc32, deflateSync } from "node:zlib";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import { zipEntry, zipFile } from "./zip-bomb";

/** A 1×1 baseline JPEG (JFIF), as cameras' files begin. */
export const JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

function pngChunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** An RGB PNG of `w`×`h` pixels in one colour, padded with `extraBytes` of noise in a text chunk. */
export function png(w = 4, h = 4, extraBytes = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw[y * (w * 3 + 1) + 1 + x * 3] = 200;
  const chunks = [pngChunk("IHDR", ihdr), pngChunk("IDAT", deflateSync(raw))];
  if (extraBytes) {
    const noise = Buffer.alloc(extraBytes);
    for (let i = 0; i < extraBytes; i++) noise[i] = 0x61 + (i % 26);
    chunks.push(pngChunk("tEXt", Buffer.concat([Buffer.from("Comment\0"), noise])));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ...chunks,
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text. */
export function pdf(text = "Act of inspection"): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: "A6" });
    const parts: Buffer[] = [];
    doc.on("data", (c: Buffer) => parts.push(c));
    doc.on("end", () => resolve(Buffer.concat(parts)));
    doc.on("error", reject);
    doc.text(text);
    doc.end();
  });
}

export async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1").addRow(["Witnesses", 3]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml";

/** A minimal Word document; `macros` makes it a DOCM (macro-enabled type and a vbaProject.bin part). */
export function docx({ macros = false } = {}): Buffer {
  const types =
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/word/document.xml" ContentType="${macros ? DOCM_MAIN : DOCX_MAIN}"/></Types>`;
  const doc =
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    "<w:body><w:p><w:r><w:t>Explanation</w:t></w:r></w:p></w:body></w:document>";
  const entries = [
    zipEntry("[Content_Types].xml", Buffer.from(types)),
    zipEntry("word/document.xml", Buffer.from(doc)),
  ];
  if (macros) entries.push(zipEntry("word/vbaProject.bin", Buffer.from("macro")));
  return zipFile(entries);
}

/** A page that says it is a photo. */
export const HTML_AS_JPEG = Buffer.from(
  "<!doctype html><html><body><script>fetch('/api/auth/me').then(r=>r.text()).then(alert)</script></body></html>",
);

/** An SVG image (XML that browsers run scripts in). */
export const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
);

/** A polyglot: a real JPEG whose comment segment holds a page (JPEG to an image viewer, HTML to a sniffer). */
export function jpegWithPage(): Buffer {
  const page = Buffer.from("<html><script>alert(document.cookie)</script></html>");
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(page.length + 2, 2);
  return Buffer.concat([JPEG.subarray(0, 2), com, page, JPEG.subarray(2)]);
}
