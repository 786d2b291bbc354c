/** The dashboard's tables: by subtype, by territory, commissions' reporting, overdue by body. */
import { Anchor, Badge, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { DashboardView } from "../../api/types";
import { nameOf } from "../../format";
import { Link } from "../../router";
import { DrillCount, type OnDrill, overdueLink } from "./DrillDown";

export const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

export function SubtypeTable({ rows, onDrill }: { rows: DashboardView["bySubtype"]; onDrill: OnDrill }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="category-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("dashboard.bySubtype")}</Table.Th>
          <Table.Th>{t("dashboard.expected")}</Table.Th>
          <Table.Th>{t("dashboard.done")}</Table.Th>
          <Table.Th>{t("dashboard.partial")}</Table.Th>
          <Table.Th>{t("dashboard.rate")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((s) => {
          const drill = { category: s.category, subtype: s.subtype, title: t(`measureSubtype.${s.subtype}`) };
          return (
            <Table.Tr key={`${s.category}/${s.subtype}`}>
              <Table.Td>
                {t(`measureSubtype.${s.subtype}`)}{" "}
                <Text span size="xs" c="dimmed">
                  ({s.basis})
                </Text>
              </Table.Td>
              <Table.Td>
                <DrillCount n={s.expected} drill={drill} onDrill={onDrill} />
              </Table.Td>
              <Table.Td>
                <DrillCount n={s.done} drill={{ ...drill, outcome: "done" }} onDrill={onDrill} />
              </Table.Td>
              <Table.Td>{s.partial}</Table.Td>
              <Table.Td>{pct(s.rate)}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function TerritoryTable({
  rows,
  onSelect,
  onDrill,
}: {
  rows: DashboardView["byTerritory"];
  onSelect: (code: string) => void;
  onDrill: OnDrill;
}) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="territory-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("dashboard.territory")}</Table.Th>
          <Table.Th>{t("dashboard.expected")}</Table.Th>
          <Table.Th>{t("dashboard.rate")}</Table.Th>
          <Table.Th>{t("reportingState.late")}</Table.Th>
          <Table.Th>{t("reportingState.missing")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((x) => (
          <Table.Tr key={x.code} data-testid="territory-row">
            <Table.Td>
              <Anchor component="button" onClick={() => onSelect(x.code)}>
                {nameOf(x.names)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <DrillCount
                n={x.expected}
                drill={{ territory: x.code, title: nameOf(x.names) }}
                onDrill={onDrill}
              />
            </Table.Td>
            <Table.Td>{pct(x.rate)}</Table.Td>
            <Table.Td>{x.late > 0 ? <Badge color="orange">{x.late}</Badge> : 0}</Table.Td>
            <Table.Td>{x.missing > 0 ? <Badge color="red">{x.missing}</Badge> : 0}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Commissions and how they reported; with more than 30, only those not on time. */
export function CommissionsTable({ rows }: { rows: DashboardView["commissions"] }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="commissions-table">
      <Table.Tbody>
        {rows
          .filter((c) => c.state !== "on_time" || rows.length <= 30)
          .map((c) => (
            <Table.Tr key={c.body.id} data-testid="commission-row">
              <Table.Td>
                {c.planId ? (
                  <Link to={`/prevention/plans/${c.planId}`}>{nameOf(c.body.names)}</Link>
                ) : (
                  nameOf(c.body.names)
                )}
              </Table.Td>
              <Table.Td>
                <Badge
                  color={
                    c.state === "on_time"
                      ? "green"
                      : c.state === "late"
                        ? "orange"
                        : c.state === "missing"
                          ? "red"
                          : "gray"
                  }
                  variant="light"
                >
                  {t(`reportingState.${c.state}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
      </Table.Tbody>
    </Table>
  );
}

export function OverdueTable({ rows }: { rows: DashboardView["overdueByBody"] }) {
  return (
    <Table striped data-testid="overdue-table">
      <Table.Tbody>
        {rows.map((o) => (
          <Table.Tr key={o.body.id}>
            <Table.Td>{nameOf(o.body.names)}</Table.Td>
            <Table.Td>
              <Link to={overdueLink(o.body.id)}>
                <Badge color="red">{o.overdue}</Badge>
              </Link>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
