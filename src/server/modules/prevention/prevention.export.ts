/**
 * Documents of the commissions' work (issue #4): the protocol of a meeting as a PDF in Kazakh or
 * Russian (R5) — attendance, agenda with speakers, decisions with executors, deadlines and control.
 */
import type { MeetingDetail } from "../../../domain/contracts/prevention";
import { day, label, nameIn, pdfDocument, when } from "../../platform/documents";

export function protocolPdf(m: MeetingDetail, l: "kk" | "ru"): Promise<Buffer> {
  const number = m.protocolNumber ? String(m.protocolNumber) : "—";
  const title = label(l, "protocol.title", { number });
  const { doc, done } = pdfDocument(title);
  const owner = nameIn(m.body.names, l);

  if (m.status !== "held") {
    doc.font("bold").fontSize(10).fillColor("#b00").text(label(l, "protocol.draft"), { align: "right" });
    doc.fillColor("#000");
  }
  doc.font("bold").fontSize(14).text(title, { align: "center" });
  doc.font("regular").fontSize(11).text(owner, { align: "center" });
  doc.moveDown(0.5);
  doc
    .fontSize(10)
    .text(`${label(l, "meetings.heldAt")}: ${when(m.heldAt, l)}`)
    .text(`${label(l, "meetings.place")}: ${m.place || "—"}`)
    .text(`${label(l, "meetings.chair")}: ${m.chairName || "—"}`);
  doc
    .fontSize(8)
    .fillColor("#555")
    .text(`${label(l, "common.legalBasis")}: ${m.basis.join(", ")} · ${label(l, "app.decree")}`);
  doc.fillColor("#000").moveDown();

  const present = m.attendance.filter((a) => a.present);
  const absent = m.attendance.filter((a) => !a.present);
  doc.font("bold").fontSize(11).text(label(l, "meetings.present"));
  doc.font("regular").fontSize(10);
  if (!present.length) doc.text("—");
  for (const a of present)
    doc.text(`• ${nameIn(a.names, l)}${a.representative ? ` — ${a.representative}` : ""}`);
  if (absent.length) {
    doc.moveDown(0.3).font("bold").fontSize(11).text(label(l, "meetings.absent"));
    doc.font("regular").fontSize(10);
    for (const a of absent) doc.text(`• ${nameIn(a.names, l)}`);
  }

  doc.moveDown().font("bold").fontSize(11).text(label(l, "meetings.agenda"));
  m.agenda.forEach((item, i) => {
    doc
      .font("regular")
      .fontSize(10)
      .text(`${i + 1}. ${item.title}`);
    if (item.speakers.length)
      doc
        .fontSize(9)
        .fillColor("#333")
        .text(`   ${label(l, "meetings.speakers")}: ${item.speakers.map((s) => s.name).join(", ")}`)
        .fillColor("#000");
  });

  doc.moveDown().font("bold").fontSize(11).text(label(l, "meetings.decided"));
  if (!m.decisions.length) doc.font("regular").fontSize(10).text("—");
  for (const d of m.decisions) {
    doc
      .font("regular")
      .fontSize(10)
      .text(`${d.agendaIndex + 1}.${d.position}. ${d.text}`);
    const facts: string[] = [];
    if (d.executors.length)
      facts.push(
        `${label(l, "meetings.executors")}: ${d.executors.map((e) => nameIn(e.names, l)).join("; ")}`,
      );
    if (d.coExecutors.length)
      facts.push(
        `${label(l, "meetings.coExecutors")}: ${d.coExecutors.map((e) => nameIn(e.names, l)).join("; ")}`,
      );
    if (d.deadline) facts.push(`${label(l, "meetings.deadline")}: ${day(d.deadline)}`);
    if (d.executors.length)
      facts.push(`${label(l, "meetings.controller")}: ${nameIn((d.controller ?? m.body).names, l)}`);
    if (facts.length)
      doc
        .fontSize(9)
        .fillColor("#333")
        .text(`   ${facts.join(" · ")}`)
        .fillColor("#000");
    doc.moveDown(0.3);
  }

  doc.moveDown(2).font("regular").fontSize(10);
  doc.text(`${label(l, "meetings.chair")}: ____________________ ${m.chairName}`);
  doc.moveDown();
  doc.text(`${label(l, "protocol.secretary")}: ____________________`);
  doc.end();
  return done;
}
