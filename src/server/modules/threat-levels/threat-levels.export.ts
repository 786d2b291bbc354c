/** A territory's threat-level timeline as XLSX (exceljs), in the words of the web app's catalogues. */
import type { Locale, Names } from "../../../domain/contracts/common";
import type { ThreatDeclaration } from "../../../domain/contracts/threat-levels";
import { label, loadExcel, nameIn, when } from "../../platform/documents";

export async function historyXlsx(
  territory: { code: string; names: Names },
  items: readonly ThreatDeclaration[],
  l: Locale,
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = "Qorgan";
  const s = wb.addWorksheet(label(l, "threat.history").slice(0, 31));
  s.addRow([`${label(l, "threat.history")}: ${nameIn(territory.names, l)} (${territory.code})`]).font = {
    bold: true,
    size: 14,
  };
  s.addRow([label(l, "threat.basisLine")]);
  s.addRow([]);
  const withGrounds = items.some((d) => d.grounds !== undefined);
  s.addRow([
    label(l, "threat.col.number"),
    label(l, "threat.col.createdAt"),
    label(l, "threat.col.action"),
    label(l, "threat.col.level"),
    label(l, "threat.col.territories"),
    label(l, "threat.col.startsAt"),
    label(l, "threat.col.endsAt"),
    label(l, "threat.col.status"),
    label(l, "threat.col.decisionRef"),
    label(l, "threat.col.declaredBy"),
    label(l, "threat.col.announcement"),
    ...(withGrounds ? [label(l, "threat.col.grounds")] : []),
  ]).font = { bold: true };
  for (const d of items) {
    s.addRow([
      d.number,
      when(d.createdAt, l),
      label(l, `threatAction.${d.action}`),
      d.level ? label(l, `threatLevel.${d.level}`) : "",
      d.territories.map((x) => nameIn(x.names, l)).join(", "),
      when(d.startsAt, l),
      d.effectiveEnd ? when(d.effectiveEnd, l) : label(l, "threat.untilFurtherNotice"),
      label(l, `threatStatus.${d.status}`),
      d.decisionRef,
      d.declaredBy.body ? nameIn(d.declaredBy.body.names, l) : d.declaredBy.userName,
      (l === "en" ? d.announcement.en || d.announcement.ru : d.announcement[l]) ?? "",
      ...(withGrounds ? [d.grounds ?? ""] : []),
    ]);
  }
  s.columns.forEach((c, i) => {
    c.width = [12, 18, 16, 24, 40, 18, 18, 16, 30, 40, 60, 60][i] ?? 20;
    c.alignment = { wrapText: true, vertical: "top" };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
