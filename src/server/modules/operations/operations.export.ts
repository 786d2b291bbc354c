import type { Locale } from "../../../domain/contracts/common";
import type { OperationDetail } from "../../../domain/contracts/operations";
import { label, loadExcel, nameIn, pdfDocument, when } from "../../platform/documents";

export type TimelineRow = { at: string; what: string; who: string };

/** Everything that happened, in order: command, forces' movements, log entries. */
export function timeline(op: OperationDetail, l: Locale): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const c of op.commandChain)
    rows.push({
      at: c.since,
      what: `${label(l, "operations.commandingHq")}: ${nameIn(c.hq.names, l)}`,
      who: "",
    });
  for (const f of op.forces) {
    const b = nameIn(f.body.names, l);
    rows.push({ at: f.requestedAt, what: `${label(l, "forceStatus.requested")}: ${b}`, who: "" });
    if (f.committedAt) {
      const what = `${label(l, "forceStatus.committed")}: ${b}${f.commitNote ? ` — ${f.commitNote}` : ""}`;
      rows.push({ at: f.committedAt, what, who: "" });
    }
    if (f.enRouteAt)
      rows.push({ at: f.enRouteAt, what: `${label(l, "forceStatus.en_route")}: ${b}`, who: "" });
    if (f.onSiteAt) rows.push({ at: f.onSiteAt, what: `${label(l, "forceStatus.on_site")}: ${b}`, who: "" });
    if (f.releasedAt)
      rows.push({ at: f.releasedAt, what: `${label(l, "forceStatus.released")}: ${b}`, who: "" });
  }
  for (const e of op.log) {
    const who = e.actor
      ? `${e.actor.fullName}${e.actor.body ? ` (${nameIn(e.actor.body.names, l)})` : ""}`
      : e.actorName;
    rows.push({ at: e.at, what: logLine(e, l), who });
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at));
}

/** A log entry in the reader's language: a system entry from its code, a person's from its kind and text. */
export function logLine(e: OperationDetail["log"][number], l: Locale): string {
  if (e.entryType === "system" && e.code) {
    return label(l, `operationLog.${e.code}`, {
      body: e.body ? nameIn(e.body.names, l) : "",
      status: e.params.status ? label(l, `forceStatus.${e.params.status}`) : "",
    });
  }
  return `${label(l, `logEntryType.${e.entryType}`)}${e.text ? ` — ${e.text}` : ""}`;
}

function headerFacts(op: OperationDetail, l: Locale): [string, string][] {
  return [
    [label(l, "operations.name"), op.title],
    [label(l, "operations.goals"), op.goals.map((g) => label(l, `goal.${g}`)).join("; ")],
    [label(l, "operations.zone"), op.zone.map((z) => nameIn(z.names, l)).join(", ")],
    [label(l, "operations.commandingHq"), nameIn(op.commandingHq.names, l)],
    [label(l, "operations.regimeStartedAt"), when(op.regimeStartedAt, l)],
    [label(l, "operations.endedAt"), when(op.endedAt, l)],
    [label(l, "operations.incidents"), op.incidents.map((i) => i.regNumber).join(", ")],
    [label(l, "operations.outcome"), op.outcome],
    [label(l, "operations.lessons"), op.lessons],
    ...(op.referral
      ? ([
          [
            label(l, "operations.referral"),
            `${op.referral.investigatingBody}, ${op.referral.caseNumber}, ${op.referral.date}`,
          ],
        ] as [string, string][])
      : []),
  ];
}

export async function summaryXlsx(op: OperationDetail, l: Locale): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const title = `${label(l, "operations.summary")} № ${op.number}`;
  const s = wb.addWorksheet(label(l, "operations.summary").slice(0, 31));
  s.addRow([title]).font = { bold: true, size: 14 };
  s.addRow([]);
  for (const [k, v] of headerFacts(op, l)) s.addRow([k, v]);
  s.getColumn(1).width = 34;
  s.getColumn(2).width = 90;
  s.getColumn(2).alignment = { wrapText: true, vertical: "top" };

  const tl = wb.addWorksheet(label(l, "operations.log").slice(0, 31));
  tl.addRow([label(l, "audit.time"), label(l, "common.details"), label(l, "audit.actor")]).font = {
    bold: true,
  };
  for (const r of timeline(op, l)) tl.addRow([when(r.at, l), r.what, r.who]);
  tl.columns.forEach((c, i) => {
    c.width = [20, 80, 20][i];
  });

  const fs = wb.addWorksheet(label(l, "operations.forces").slice(0, 31));
  fs.addRow([
    label(l, "operations.forceBody"),
    label(l, "forceStatus.requested"),
    label(l, "forceStatus.committed"),
    label(l, "forceStatus.en_route"),
    label(l, "forceStatus.on_site"),
    label(l, "forceStatus.released"),
  ]).font = { bold: true };
  for (const f of op.forces) {
    fs.addRow([
      nameIn(f.body.names, l),
      when(f.requestedAt, l),
      when(f.committedAt, l),
      when(f.enRouteAt, l),
      when(f.onSiteAt, l),
      when(f.releasedAt, l),
    ]);
  }
  fs.columns.forEach((c, i) => {
    c.width = i === 0 ? 60 : 18;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function summaryPdf(op: OperationDetail, l: Locale): Promise<Buffer> {
  const { doc, done } = await pdfDocument(`${label(l, "operations.summary")} ${op.number}`);

  doc
    .font("bold")
    .fontSize(15)
    .text(`${label(l, "operations.summary")} № ${op.number}`);
  doc
    .font("regular")
    .fontSize(9)
    .fillColor("#555")
    .text(`${label(l, "common.legalBasis")}: ${op.basis.join(", ")} · ${label(l, "app.decree")}`);
  doc.moveDown().fillColor("#000");
  for (const [k, v] of headerFacts(op, l)) {
    doc.font("bold").fontSize(10).text(k);
    doc
      .font("regular")
      .fontSize(10)
      .text(v || "—");
    doc.moveDown(0.4);
  }
  doc.moveDown().font("bold").fontSize(12).text(label(l, "operations.log"));
  doc.font("regular").fontSize(9);
  for (const r of timeline(op, l)) doc.text(`${when(r.at, l)}   ${r.what}${r.who ? ` (${r.who})` : ""}`);
  doc.moveDown().font("bold").fontSize(12).text(label(l, "operations.forces"));
  doc.font("regular").fontSize(9);
  for (const f of op.forces) {
    doc.text(
      `${nameIn(f.body.names, l)} — ${label(l, `forceStatus.${f.status}`)}; ${when(f.requestedAt, l)} → ${when(f.releasedAt, l)}`,
    );
  }
  doc.end();
  return done;
}
