import type { Locale } from "../../../domain/contracts/common";
import type { DashboardView, MeetingDetail } from "../../../domain/contracts/prevention";
import { day, label, loadExcel, nameIn, pdfDocument, when } from "../../platform/documents";

export async function protocolPdf(m: MeetingDetail, l: "kk" | "ru"): Promise<Buffer> {
  const number = m.protocolNumber ? String(m.protocolNumber) : "—";
  const title = label(l, "protocol.title", { number });
  const { doc, done } = await pdfDocument(title);
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
    doc.font("regular").fontSize(10).text(`${d.number}. ${d.text}`);
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

/** Every table of the roll-up dashboard as a sheet (XLSX export of every table). */
export async function dashboardXlsx(d: DashboardView, l: Locale): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const pct = (r: number | null) => (r === null ? "" : Math.round(r * 1000) / 10);
  const head = [
    label(l, "dashboard.expected"),
    label(l, "dashboard.done"),
    label(l, "dashboard.partial"),
    label(l, "dashboard.rate"),
  ];
  const sheet = (name: string, header: string[], rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(name.slice(0, 31));
    ws.addRow([
      `${nameIn(d.territory.names, l)} · ${d.year} · ${label(l, "plans.quarterN", { n: String(d.quarter) })}`,
    ]);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c, i) => {
      c.width = i === 0 ? 50 : 16;
    });
  };
  sheet(
    label(l, "dashboard.byCategory"),
    [label(l, "plans.category"), ...head],
    d.byCategory.map((c) => [
      label(l, `measureCategory.${c.category}`),
      c.expected,
      c.done,
      c.partial,
      pct(c.rate),
    ]),
  );
  sheet(
    label(l, "dashboard.bySubtype"),
    [label(l, "plans.subtype"), label(l, "common.legalBasis"), ...head],
    d.bySubtype.map((c) => [
      label(l, `measureSubtype.${c.subtype}`),
      c.basis,
      c.expected,
      c.done,
      c.partial,
      pct(c.rate),
    ]),
  );
  sheet(
    label(l, "dashboard.byTerritory"),
    [
      label(l, "dashboard.territory"),
      ...head,
      label(l, "dashboard.commissions"),
      label(l, "reportingState.on_time"),
      label(l, "reportingState.late"),
      label(l, "reportingState.missing"),
    ],
    d.byTerritory.map((t) => [
      nameIn(t.names, l),
      t.expected,
      t.done,
      t.partial,
      pct(t.rate),
      t.commissions,
      t.onTime,
      t.late,
      t.missing,
    ]),
  );
  sheet(
    label(l, "dashboard.trend"),
    [label(l, "dashboard.quarter"), ...head],
    d.trend.map((t) => [
      label(l, "plans.quarterN", { n: String(t.quarter) }),
      t.expected,
      t.done,
      t.partial,
      pct(t.rate),
    ]),
  );
  sheet(
    label(l, "dashboard.commissions"),
    [label(l, "meetings.commission"), label(l, "dashboard.reporting"), label(l, "dashboard.firstReport")],
    d.commissions.map((c) => [
      nameIn(c.body.names, l),
      label(l, `reportingState.${c.state}`),
      when(c.firstReportedAt, l),
    ]),
  );
  sheet(
    label(l, "dashboard.overdueByBody"),
    [label(l, "meetings.executors"), label(l, "assignments.overdue")],
    d.overdueByBody.map((o) => [nameIn(o.body.names, l), o.overdue]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
