/**
 * The platform's upload limits (platform/uploads.ts) and the streaming XLSX reader
 * (platform/xlsx-reader.ts), which must read what exceljs read before.
 */
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { HeavyWork, HeavyWorkBusy } from "../../src/server/platform/heavy-work";
import {
  decodeBase64Upload,
  decodedBase64Length,
  openZip,
  type SafeZip,
  UploadError,
} from "../../src/server/platform/uploads";
import { readFirstSheet, type SheetValue } from "../../src/server/platform/xlsx-reader";
import { lyingXlsx, zipEntry, zipFile } from "../support/zip-bomb";

const MiB = 1024 * 1024;
const limits = { maxInflatedBytes: 64 * MiB, maxEntries: 100 };

/** The reason an UploadError was thrown with, or "none". */
async function reason(work: () => unknown): Promise<string> {
  try {
    await work();
    return "none";
  } catch (e) {
    if (e instanceof UploadError) return e.reason;
    throw e;
  }
}
const readAll = async (zip: SafeZip, name: string) => {
  let n = 0;
  for await (const c of zip.read(name)) n += c.length;
  return n;
};

describe("base64 uploads", () => {
  it("knows the decoded size without decoding, whitespace and padding included", () => {
    for (const n of [0, 1, 2, 3, 4, 5, 100, 1001]) {
      const text = randomBytes(n).toString("base64");
      expect(decodedBase64Length(text)).toBe(n);
      expect(decodedBase64Length(text.replace(/(.{10})/g, "$1\r\n"))).toBe(n);
    }
  });
  it("refuses more than the limit before decoding", async () => {
    const text = randomBytes(2001).toString("base64");
    expect(decodeBase64Upload(text, 2001)).toHaveLength(2001);
    expect(await reason(() => decodeBase64Upload(text, 2000))).toBe("too_big");
  });
});

describe("the safe zip reader", () => {
  const data = Buffer.from("<a>hello</a>".repeat(1000));

  it("reads honest entries, stored or deflated, and counts what it inflated", async () => {
    const zip = openZip(zipFile([zipEntry("a.xml", data), zipEntry("b/c.xml", data, { method: 0 })]), limits);
    expect(await readAll(zip, "a.xml")).toBe(data.length);
    expect(await readAll(zip, "b/c.xml")).toBe(data.length);
    expect(zip.inflatedBytes).toBe(2 * data.length);
  });

  it("stops an entry that inflates beyond what its headers declare, after one chunk", async () => {
    const base = zipFile([
      zipEntry("xl/sharedStrings.xml", Buffer.from("<sst><si><t>x</t></si></sst>")),
      zipEntry("xl/workbook.xml", Buffer.from("<workbook/>")),
    ]);
    const bomb = lyingXlsx(base, 1.9e9);
    const zip = openZip(bomb, limits);
    const t0 = performance.now();
    expect(await reason(() => readAll(zip, "xl/sharedStrings.xml"))).toBe("too_big");
    expect(zip.inflatedBytes).toBeLessThanOrEqual(11_000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("keeps one budget for all the entries read, and refuses an honest entry beyond it before inflating", async () => {
    const big = Buffer.alloc(600 * 1024, 0x41);
    const zip = openZip(zipFile([zipEntry("a", big), zipEntry("b", big)]), {
      maxInflatedBytes: MiB,
      maxEntries: 10,
    });
    expect(await readAll(zip, "a")).toBe(big.length);
    expect(await reason(() => readAll(zip, "b"))).toBe("too_big");
    expect(zip.inflatedBytes).toBe(big.length);
  });

  it("stops at the budget whatever an entry declares below it", async () => {
    // Declares 900 KiB (under the 1 MiB budget) and inflates to 5 MiB.
    const real = Buffer.alloc(5 * MiB, 0x41);
    const zip = openZip(zipFile([zipEntry("a", real, { declared: 900 * 1024 })]), {
      maxInflatedBytes: MiB,
      maxEntries: 10,
    });
    expect(await reason(() => readAll(zip, "a"))).toBe("too_big");
    expect(zip.inflatedBytes).toBeLessThanOrEqual(MiB);
  });

  it("refuses a wrong CRC or a short entry as malformed", async () => {
    expect(
      await reason(() => readAll(openZip(zipFile([zipEntry("a", data, { crc: 1 })]), limits), "a")),
    ).toBe("malformed");
    const short = zipEntry("a", data, { declared: data.length + 1 });
    expect(await reason(() => readAll(openZip(zipFile([short]), limits), "a"))).toBe("malformed");
    const corrupt = zipEntry("a", data);
    corrupt.compressed = Buffer.from(corrupt.compressed);
    corrupt.compressed.fill(0xff, 0, 8);
    expect(await reason(() => readAll(openZip(zipFile([corrupt]), limits), "a"))).toBe("malformed");
  });

  it("checks the whole directory first: paths, count, encryption, methods, overlaps", async () => {
    const one = (name: string) => reason(() => openZip(zipFile([zipEntry(name, data)]), limits));
    for (const bad of [
      "../evil",
      "a/../../evil",
      "/etc/passwd",
      "a\\b",
      "C:evil",
      "a//b",
      "a/./b",
      "a\u0000b",
      "",
    ])
      expect(await one(bad), JSON.stringify(bad)).toBe("bad_path");
    expect(await one("xl/worksheets/sheet1.xml")).toBe("none");
    expect(await one("xl/")).toBe("none");

    const many = zipFile(Array.from({ length: 101 }, (_, i) => zipEntry(`f${i}`, Buffer.from("x"))));
    expect(await reason(() => openZip(many, limits))).toBe("too_many_entries");
    expect(await reason(() => openZip(zipFile([zipEntry("a", data, { flags: 1 })]), limits))).toBe(
      "unsupported",
    );
    expect(await reason(() => openZip(zipFile([zipEntry("a", data, { method: 12 })]), limits))).toBe(
      "unsupported",
    );
    expect(await reason(() => openZip(zipFile([zipEntry("a", data), zipEntry("a", data)]), limits))).toBe(
      "malformed",
    );

    // A second directory entry pointing at the first entry's bytes.
    const two = zipFile([zipEntry("a", data), zipEntry("b", data)]);
    const cd = two.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    two.writeUInt32LE(0, cd + 42);
    expect(await reason(() => openZip(two, limits))).toBe("malformed");

    expect(await reason(() => openZip(Buffer.from("name;title\nx;y\n"), limits))).toBe("not_zip");
    expect(
      await reason(() => openZip(Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.alloc(40)]), limits)),
    ).toBe("not_zip");
  });
});

/** exceljs's value of a cell, simplified as the import's reading does (text runs joined, results). */
function excelValue(v: ExcelJS.CellValue): SheetValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("result" in v) return excelValue(v.result as ExcelJS.CellValue);
  if ("hyperlink" in v) return excelValue(v.text as ExcelJS.CellValue);
  return null;
}

async function bothReadings(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const expected: [number, number, SheetValue][] = [];
  wb.worksheets[0].eachRow((row, r) =>
    row.eachCell((cell, c) => {
      const v = excelValue(cell.value);
      if (v !== null) expected.push([r, c, v]);
    }),
  );
  const actual: [number, number, SheetValue][] = [];
  await readFirstSheet(openZip(buf, limits), (r, cells) => {
    for (const [c, v] of [...cells].sort((a, b) => a[0] - b[0])) actual.push([r, c, v]);
  });
  return { expected, actual };
}

describe("the streaming XLSX reader", () => {
  const fill = (ws: ExcelJS.Worksheet) => {
    ws.addRow(["Категория", "Вид", "Наименование", "Срок", "Сколько", "Да?"]);
    ws.addRow(["legal", "migration", "  с пробелами  ", new Date("2042-05-01T00:00:00Z"), 4, true]);
    ws.addRow([
      "a & b < c",
      { richText: [{ text: "жирный ", font: { bold: true } }, { text: "и нет" }] },
      "строка\nвторая",
      { formula: "DATE(2040,6,30)", result: new Date("2040-06-30T00:00:00Z") },
      { formula: "1+2", result: 3 },
      false,
    ]);
    ws.addRow([]);
    ws.addRow([null, { text: "ссылка", hyperlink: "https://example.kz" }, 1.5, "_x000D_ x", -7, "Ω"]);
    ws.getCell("F7").value = { error: "#N/A" };
    ws.getCell("D4").value = 45000;
    ws.getColumn(4).numFmt = "dd.mm.yyyy";
    ws.getCell("D4").numFmt = "dd.mm.yyyy";
    ws.getCell("C8").value = { formula: 'CONCAT("a","b")', result: "ab" };
  };

  for (const useSharedStrings of [true, false])
    it(`reads what exceljs reads (${useSharedStrings ? "shared" : "inline"} strings, dates, formulas, rich text)`, async () => {
      const wb = new ExcelJS.Workbook();
      fill(wb.addWorksheet("Plan"));
      wb.addWorksheet("Second").addRow(["not read"]);
      const buf = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings } as never));
      const { expected, actual } = await bothReadings(buf);
      expect(actual).toEqual(expected);
      expect(actual.length).toBeGreaterThan(15);
    });

  it("reads dates of the 1904 system as exceljs does", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("Plan");
    ws.addRow(["deadline"]);
    ws.addRow([new Date("2042-05-01T00:00:00Z")]);
    const { expected, actual } = await bothReadings(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(actual).toEqual(expected);
    expect(actual[1][2]).toEqual(new Date("2042-05-01T00:00:00Z"));
  });

  it("stops reading when the caller stops, and refuses a DTD, a cell over 32,767 characters, bad XML", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Plan");
    for (let i = 0; i < 5000; i++) ws.addRow([`row ${i}`, i]);
    const zip = openZip(Buffer.from(await wb.xlsx.writeBuffer()), limits);
    let rows = 0;
    await expect(
      readFirstSheet(zip, () => {
        if (++rows > 10) throw new Error("enough");
      }),
    ).rejects.toThrow("enough");
    expect(rows).toBe(11);

    const sheetWith = (xml: string, sst = "<sst/>") =>
      zipFile([
        zipEntry(
          "xl/workbook.xml",
          Buffer.from(
            '<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>',
          ),
        ),
        zipEntry(
          "xl/_rels/workbook.xml.rels",
          Buffer.from(
            '<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
          ),
        ),
        zipEntry("xl/worksheets/sheet1.xml", Buffer.from(xml)),
        zipEntry("xl/sharedStrings.xml", Buffer.from(sst)),
      ]);
    const read = (buf: Buffer) => reason(() => readFirstSheet(openZip(buf, limits), () => {}));
    expect(
      await read(
        sheetWith(
          '<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>ok</v></c></row></sheetData></worksheet>',
        ),
      ),
    ).toBe("none");
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><worksheet><sheetData><row r="1"><c r="A1" t="str"><v>&lol2;</v></c></row></sheetData></worksheet>';
    expect(await read(sheetWith(laughs))).toBe("malformed");
    expect(await read(sheetWith("<worksheet/>", `<sst><si><t>${"x".repeat(32_768)}</t></si></sst>`))).toBe(
      "too_big",
    );
    expect(
      await read(
        sheetWith(
          `<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>${"x".repeat(40_000)}</v></c></row></sheetData></worksheet>`,
        ),
      ),
    ).toBe("too_big");
    expect(await read(sheetWith('<worksheet><sheetData><row r="1"></sheetData></worksheet>'))).toBe(
      "malformed",
    );
    expect(
      await read(sheetWith('<worksheet><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>')),
    ).toBe("malformed");
    expect(
      await read(
        sheetWith(
          '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>3</v></c></row></sheetData></worksheet>',
        ),
      ),
    ).toBe("malformed");
  });
});

describe("heavy work", () => {
  it("runs N at once, queues M, refuses the next, and gives the slot back however a job ends", async () => {
    const heavy = new HeavyWork({ concurrency: 2, queue: 1, maxWaitMs: 50, retryAfterSeconds: 1 });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const a = heavy.run("import", async () => {
      await gate;
      order.push("a");
    });
    const b = heavy.run("export", async () => {
      await gate;
      throw new Error("b failed");
    });
    const c = heavy.run("pdf", async () => {
      order.push("c");
      return 3;
    });
    await expect(heavy.run("pdf", async () => 4)).rejects.toBeInstanceOf(HeavyWorkBusy);
    expect([heavy.running, heavy.queued]).toEqual([2, 1]);
    release();
    await a;
    await expect(b).rejects.toThrow("b failed");
    expect(await c).toBe(3);
    expect(order).toEqual(["a", "c"]);
    expect([heavy.running, heavy.queued]).toEqual([0, 0]);

    // A job that waited past maxWaitMs is refused and never runs.
    let hold!: () => void;
    const held = new Promise<void>((r) => {
      hold = r;
    });
    const blockers = [heavy.run("import", () => held), heavy.run("import", () => held)];
    let ran = false;
    await expect(
      heavy.run("import", async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(HeavyWorkBusy);
    hold();
    await Promise.all(blockers);
    expect(ran).toBe(false);
    expect([heavy.running, heavy.queued]).toEqual([0, 0]);
  });
});
