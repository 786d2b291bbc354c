/**
 * Documents of consequence work (R21): a plan as PDF (kk/ru/en), and the after-action report of an
 * activation as PDF and XLSX — in the words of the web app's catalogues (platform/documents.ts).
 */
import { mainTasks } from "../../../domain/consequences";
import type { Locale } from "../../../domain/contracts/common";
import type { ActivationBoard, PlanDetail } from "../../../domain/contracts/consequences";
import { day, label, loadExcel, nameIn, pdfDocument, when } from "../../platform/documents";

const L = (l: Locale, key: string, vars?: Record<string, string>) => label(l, `consequences.${key}`, vars);

function heading(doc: PDFKit.PDFDocument, text: string, size = 12) {
  doc.moveDown(0.6).font("bold").fontSize(size).text(text).font("regular").fontSize(10);
}

export async function planPdf(p: PlanDetail, l: Locale): Promise<Buffer> {
  const { doc, done } = await pdfDocument(p.title);
  doc.font("bold").fontSize(15).text(p.title);
  doc.font("regular").fontSize(10);
  doc.text(
    `${L(l, "plan.territory")}: ${nameIn(p.territory.names, l)} · ${L(l, "plan.owner")}: ${nameIn(p.owner.names, l)}`,
  );
  doc.text(
    `${L(l, "plan.status")}: ${L(l, `planStatus.${p.status}`)} · ${L(l, "plan.versionNo")}: ${p.versionNo}` +
      (p.scenario ? ` · ${L(l, "plan.scenario")}: ${L(l, `scenario.${p.scenario}`)}` : ""),
  );
  if (p.approval)
    doc.text(`${L(l, "plan.approvedBy")}: ${p.approval.number} · ${when(p.approval.approvedAt, l)}`);
  if (p.reviewDate) doc.text(`${L(l, "plan.reviewDate")}: ${day(p.reviewDate)}`);
  doc.text(L(l, "basisLine"));
  heading(doc, L(l, "plan.forecast"));
  const c = p.forecast.casualties;
  doc.text(
    `${L(l, "severity.severe")}: ${c.severe} · ${L(l, "severity.moderate")}: ${c.moderate} · ${L(l, "severity.light")}: ${c.light}`,
  );
  doc.text(`${L(l, "plan.areaHa")}: ${p.forecast.areaHa} · ${L(l, "plan.evacuate")}: ${p.forecast.evacuate}`);
  if (p.forecast.hazards.length) doc.text(`${L(l, "plan.hazards")}: ${p.forecast.hazards.join("; ")}`);
  for (const m of mainTasks) {
    const tasks = p.tasks.filter((t) => t.mainTask === m);
    if (!tasks.length) continue;
    heading(doc, `${L(l, `mainTask.${m}`)} (R21.${mainTasks.indexOf(m) + 1})`, 11);
    tasks.forEach((t, i) => {
      doc.font("bold").text(`${i + 1}. ${t.title}`, { continued: false });
      doc
        .font("regular")
        .text(
          `${L(l, `activity.${t.activity}`)} (R20) · ${L(l, "plan.norm", { minutes: String(t.normMinutes) })} · ${
            t.responsible ? nameIn(t.responsible.names, l) : L(l, "plan.noResponsible")
          }`,
        );
      if (t.means.length)
        doc.text(
          `${L(l, "plan.means")}: ${t.means.map((x) => `${L(l, `means.${x.kind}`)} × ${x.count}`).join(", ")}`,
        );
    });
  }
  doc.end();
  return done;
}

export async function reportPdf(b: ActivationBoard, l: Locale): Promise<Buffer> {
  const { doc, done } = await pdfDocument(`${L(l, "report.title")} ${b.number}`);
  doc
    .font("bold")
    .fontSize(15)
    .text(`${L(l, "report.title")} № ${b.number}`);
  doc.font("regular").fontSize(10);
  doc.text(
    `${L(l, "activation.territory")}: ${nameIn(b.territory.names, l)} · ${L(l, "activation.activator")}: ${nameIn(b.activator.names, l)}`,
  );
  doc.text(
    `${L(l, "activation.activatedAt")}: ${when(b.activatedAt, l)}${b.closedAt ? ` · ${L(l, "activation.closedAt")}: ${when(b.closedAt, l)}` : ""}`,
  );
  if (b.operation) doc.text(`${L(l, "activation.operation")}: ${b.operation.number}`);
  if (b.incident) doc.text(`${L(l, "activation.incident")}: ${b.incident.number}`);
  doc.text(`${L(l, "activation.plans")}: ${b.plans.map((p) => `${p.title} (v${p.versionNo})`).join("; ")}`);
  doc.text(
    `${L(l, "board.tasks")}: ${b.taskCount} · ${L(l, "board.done")}: ${b.doneCount} · ${L(l, "board.overdue")}: ${b.overdueCount}`,
  );
  doc.text(L(l, "basisLine"));
  for (const m of mainTasks) {
    const tasks = b.tasks.filter((t) => t.mainTask === m);
    if (!tasks.length) continue;
    heading(doc, `${L(l, `mainTask.${m}`)} (R21.${mainTasks.indexOf(m) + 1})`, 11);
    for (const t of tasks)
      doc.text(
        `• ${t.title} — ${nameIn(t.body.names, l)} — ${L(l, `taskStatus.${t.status}`)}${t.overdue ? ` (${L(l, "board.overdue")})` : ""} · ${L(l, "task.deadline")}: ${when(t.deadline, l)}${t.doneAt ? ` · ${L(l, "task.doneAt")}: ${when(t.doneAt, l)}` : ""}${t.blockedReason ? ` · ${t.blockedReason}` : ""}`,
      );
  }
  if (b.requests.length) {
    heading(doc, L(l, "board.requests"), 11);
    for (const r of b.requests) {
      const committed = r.commitNote ? ` (${r.commitNote})` : "";
      doc.text(
        `• ${nameIn(r.body.names, l)}: ${r.means} — ${label(l, `forceStatus.${r.status}`)}${committed}`,
      );
    }
  }
  doc.end();
  return done;
}

export async function reportXlsx(b: ActivationBoard, l: Locale): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const s = wb.addWorksheet(L(l, "report.title").slice(0, 31));
  s.addRow([`${L(l, "report.title")} № ${b.number}: ${nameIn(b.territory.names, l)}`]).font = {
    bold: true,
    size: 14,
  };
  s.addRow([L(l, "basisLine")]);
  s.addRow([]);
  s.addRow([
    L(l, "task.mainTask"),
    L(l, "task.activity"),
    L(l, "task.title"),
    L(l, "task.body"),
    L(l, "task.deadline"),
    L(l, "task.status"),
    L(l, "board.overdue"),
    L(l, "task.doneAt"),
    L(l, "task.blockedReason"),
  ]).font = { bold: true };
  for (const t of b.tasks)
    s.addRow([
      L(l, `mainTask.${t.mainTask}`),
      L(l, `activity.${t.activity}`),
      t.title,
      nameIn(t.body.names, l),
      when(t.deadline, l),
      L(l, `taskStatus.${t.status}`),
      t.overdue ? "✓" : "",
      when(t.doneAt, l),
      t.blockedReason,
    ]);
  s.columns.forEach((c, i) => {
    c.width = [40, 40, 50, 40, 18, 16, 10, 18, 40][i] ?? 20;
    c.alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
