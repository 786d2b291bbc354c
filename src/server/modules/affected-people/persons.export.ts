/**
 * The data subject's own file as PDF (Law No. 94-V "On personal data and its protection": the subject's
 * right to know what is held on them): identity, the case, every dated entry — status, help,
 * rehabilitation, compensation (R20, R21.2, R21.5) — with the body that gave it and who recorded it
 * when, and the compensation of each harm. Built from the same export the JSON file is (the read is
 * audited there, as `personal.exported`); in the words of the web app's catalogues (kk, ru, en).
 */

import type { subjectExport } from "../../../domain/contracts/affected-people";
import type { Locale } from "../../../domain/contracts/common";
import { day, label, nameIn, pdfDocument, when } from "../../platform/documents";

type SubjectExport = import("zod").infer<typeof subjectExport>;
type Entry = SubjectExport["person"]["entries"][number];

const L = (l: Locale, key: string, vars?: Record<string, string>) => label(l, `affectedPeople.${key}`, vars);
const tenge = (n: number | null) => (n === null ? "—" : `${n.toLocaleString("ru-RU")} ₸`);

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.6).font("bold").fontSize(12).text(text).font("regular").fontSize(10);
}

/** What an entry says, in words (the same parts the person card shows). */
function entryText(e: Entry, l: Locale): string {
  const parts: string[] = [];
  if (e.kind === "status" && e.status) {
    parts.push(L(l, `status.${e.status}`));
    if (e.severity) parts.push(`(${L(l, `severities.${e.severity}`)})`);
    if (e.hospital) parts.push(`· ${L(l, "hospital")}: ${nameIn(e.hospital.names, l)}`);
  }
  if (e.kind === "help" && e.helpType) parts.push(L(l, `helpType.${e.helpType}`));
  if (e.kind === "rehabilitation" && e.stage) parts.push(L(l, `rehabStages.${e.stage}`));
  if (e.kind === "compensation") {
    if (e.harm) parts.push(`${L(l, `harms.${e.harm}`)}:`);
    if (e.stage) parts.push(L(l, `compStages.${e.stage}`));
    if (e.outcome) parts.push(`— ${L(l, `outcomes.${e.outcome}`)}`);
    if (e.amount !== null) parts.push(tenge(e.amount));
    if (e.reference) parts.push(`· ${L(l, "reference")}: ${e.reference}`);
  }
  return parts.join(" ");
}

export async function subjectPdf(file: SubjectExport, l: Locale): Promise<Buffer> {
  const p = file.person;
  const fullName = [p.surname, p.givenName, p.patronymic].filter(Boolean).join(" ");
  const { doc, done } = await pdfDocument(`${L(l, "subjectFile.title")}: ${fullName}`);
  doc.font("bold").fontSize(15).text(L(l, "subjectFile.title"));
  doc.font("regular").fontSize(9).text(L(l, "subjectFile.basis"));
  doc.text(`${L(l, "subjectFile.generatedAt")}: ${when(file.generatedAt, l)}`);

  heading(doc, L(l, "subjectFile.identity"));
  doc.text(`${L(l, "fullName")}: ${fullName}`);
  doc.text(`${L(l, "iin")}: ${p.iin ?? "—"}`);
  doc.text(`${L(l, "birthDate")}: ${p.birthDate ? day(p.birthDate) : "—"}`);
  doc.text(`${L(l, "phone")}: ${p.phone || "—"}`);
  doc.text(`${L(l, "address")}: ${p.address || "—"}`);
  doc.text(`${L(l, "role")}: ${L(l, `roles.${p.role}`)}`);
  doc.text(
    `${L(l, "statusLabel")}: ${L(l, `status.${p.status}`)}${p.severity ? ` (${L(l, `severities.${p.severity}`)})` : ""}${
      p.hospital ? ` · ${nameIn(p.hospital.names, l)}` : ""
    }${p.closed ? ` · ${L(l, "closed")}` : ""}`,
  );

  heading(doc, L(l, "case"));
  doc.text(
    `№ ${p.case.regNumber} · ${label(l, `incidentType.${p.case.type}`)} · ${when(p.case.occurredAt, l)} · ${p.case.territory.code}`,
  );

  for (const kind of ["status", "help", "rehabilitation", "compensation"] as const) {
    const entries = p.entries.filter((e) => e.kind === kind);
    heading(doc, L(l, `subjectFile.section.${kind}`));
    if (!entries.length) {
      doc.text(L(l, "subjectFile.none"));
      continue;
    }
    for (const e of entries) {
      doc.font("bold").text(`${when(e.at, l)} — ${entryText(e, l)}`);
      doc.font("regular");
      doc.text(`${L(l, "givenBy")}: ${e.body ? nameIn(e.body.names, l) : "—"}`, { indent: 12 });
      if (e.details) doc.text(`${L(l, "details")}: ${e.details}`, { indent: 12 });
      doc.text(
        `${L(l, "subjectFile.recorded", { name: e.recordedByName, at: when(e.recordedAt, l) })}${
          e.mergedFrom ? ` · ${L(l, "fromLinked")}` : ""
        }`,
        { indent: 12 },
      );
    }
  }

  heading(doc, L(l, "subjectFile.compensation"));
  if (!p.compensation.length) doc.text(L(l, "subjectFile.none"));
  for (const c of p.compensation)
    doc.text(
      `${L(l, `harms.${c.harm}`)}: ${L(l, "compStages.claim")} ${c.stage ? tenge(c.claimed) : "—"} · ${L(
        l,
        "compStages.decision",
      )} ${c.outcome ? `${L(l, `outcomes.${c.outcome}`)} ${tenge(c.awarded)}` : "—"} · ${L(l, "compStages.paid")} ${
        c.paid ? tenge(c.paid) : "—"
      }`,
    );
  if (p.linkedRecords.length)
    doc.moveDown(0.5).text(L(l, "subjectFile.linked", { n: String(p.linkedRecords.length) }));
  doc.end();
  return done;
}
