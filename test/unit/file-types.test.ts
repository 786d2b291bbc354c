/**
 * Attachable files' kinds from their bytes (platform/file-types.ts): each accepted kind, and what
 * pretends to be one — a page, an SVG, a polyglot, a macro document, a PDF with JavaScript, a WebP
 * whose RIFF length lies. Names kept as sent or given the ending of the kind found.
 */
import { describe, expect, it } from "vitest";
import { attachmentName } from "../../src/domain/attachments";
import { detectAttachment, holdsMarkup } from "../../src/server/platform/file-types";
import { docx, HTML_AS_JPEG, JPEG, jpegWithPage, pdf, png, SVG, xlsx } from "../support/sample-files";

function webp(lengthDelta = 0): Buffer {
  const vp8 = Buffer.concat([
    Buffer.from("VP8L"),
    Buffer.from([5, 0, 0, 0]),
    Buffer.from([0x2f, 0, 0, 0, 0]),
  ]);
  const b = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBP"), vp8, Buffer.alloc(1)]);
  b.writeUInt32LE(b.length - 8 + lengthDelta, 4);
  return b;
}

describe("detectAttachment", () => {
  it("finds each accepted kind from the bytes", async () => {
    expect((await detectAttachment(JPEG))?.kind).toBe("jpeg");
    expect((await detectAttachment(png()))?.kind).toBe("png");
    expect((await detectAttachment(webp()))?.kind).toBe("webp");
    expect((await detectAttachment(await pdf()))?.mime).toBe("application/pdf");
    expect((await detectAttachment(docx()))?.kind).toBe("docx");
    expect((await detectAttachment(await xlsx()))?.kind).toBe("xlsx");
  });

  it("refuses a page, an SVG, a polyglot, a DOCM, a PDF that runs JavaScript, a lying WebP, an executable, nothing", async () => {
    const pdfJs = Buffer.from(
      "%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF\n",
    );
    for (const bytes of [
      HTML_AS_JPEG,
      SVG,
      jpegWithPage(),
      docx({ macros: true }),
      pdfJs,
      webp(100),
      Buffer.from("MZ\x90\x00 not a picture"),
      Buffer.alloc(0),
    ])
      expect(await detectAttachment(bytes)).toBeNull();
    expect(holdsMarkup(Buffer.from("xx<ScRiPt>"))).toBe(true);
    expect(holdsMarkup(png())).toBe(false);
  });
});

describe("attachmentName", () => {
  it("keeps a name whose ending fits the kind, and gives the kind's ending otherwise", () => {
    expect(attachmentName("Scene 1.JPG", "jpeg")).toBe("Scene 1.JPG");
    expect(attachmentName("photo.html", "png")).toBe("photo.png");
    expect(attachmentName("C:\\Users\\a\\act", "pdf")).toBe("act.pdf");
    expect(attachmentName("../../etc/passwd", "docx")).toBe("passwd.docx");
    expect(attachmentName('a<b>"c".xlsx', "xlsx")).toBe("a_b__c_.xlsx");
    expect(attachmentName(".", "jpeg")).toBe("file.jpg");
    expect(attachmentName(".htaccess", "png")).toBe("htaccess.png");
  });
});
