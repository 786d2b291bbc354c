/** The dashboard's tables: by subtype, by territory, commissions' reporting, overdue by body. */
import { Anchor, Badge, Group, Pagination, Stack, Table, Text } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { DashboardView } from "../../api/types";
import { nameOf } from "../../format";
import { Link } from "../../router";
import { DrillCount, type OnDrill, overdueLink } from "./DrillDown";

export const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 100)}%`);

export function SubtypeTable({ rows, onDrill }: { rows: DashboardView["bySubtype"]; onDrill: OnDrill }) {
  const { t } = useTranslation();
  if (!rows.some((s) => s.expected > 0))
    return (
      <Stack gap={4} data-testid="category-table-empty">
        <Text fw={600}>{t("dashboard.bySubtype")}</Text>
        <NoData />
      </Stack>
    );
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
                {/* the basis once: some subtypes' names carry it already */}
                {t(`measureSubtype.${s.subtype}`).replace(` (${s.basis})`, "")}{" "}
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
              <Anchor component="button" ta="left" onClick={() => onSelect(x.code)}>
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

/** Rows per page of the long tables (the republic has some 230 commissions). */
export const PAGE_SIZE = 20;

/** The section's note when it has nothing for the period chosen. */
export function NoData({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <Text size="sm" c="dimmed" data-testid="no-data">
      {text ?? t("dashboard.noData")}
    </Text>
  );
}

/** One page of `rows`, with Mantine's pagination under the table when there is more than a page. */
function usePage<T>(rows: readonly T[]) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const current = Math.min(page, pages);
  const from = (current - 1) * PAGE_SIZE;
  return {
    items: rows.slice(from, from + PAGE_SIZE),
    pager: (testId: string) =>
      pages > 1 ? (
        <PageControl
          page={current}
          pages={pages}
          onChange={setPage}
          from={from + 1}
          to={Math.min(rows.length, from + PAGE_SIZE)}
          total={rows.length}
          testId={testId}
        />
      ) : null,
  };
}

function PageControl(p: {
  page: number;
  pages: number;
  onChange: (page: number) => void;
  from: number;
  to: number;
  total: number;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Group justify="space-between" gap="xs" data-testid={p.testId}>
      <Text size="xs" c="dimmed">
        {t("dashboard.shownOf", { from: p.from, to: p.to, total: p.total })}
      </Text>
      <Pagination
        total={p.pages}
        value={p.page}
        onChange={p.onChange}
        size="sm"
        getItemProps={(page) => ({
          "aria-label": t("pagination.page", { page }),
          "aria-current": page === p.page ? "page" : undefined,
        })}
        getControlProps={(control) => ({ "aria-label": t(`pagination.${control}`) })}
      />
    </Group>
  );
}

/** Who needs attention first: not reported, late, not yet due, on time; then by name. */
const stateOrder: Record<string, number> = { missing: 0, late: 1, not_due: 2, on_time: 3 };

/** A body's name in a table cell: left-aligned, wrapping between words only. */
const nameCell = { textAlign: "left", wordBreak: "normal", overflowWrap: "anywhere" } as const;

/** Commissions and how they reported, those needing attention first, a page at a time. */
export function CommissionsTable({ rows }: { rows: DashboardView["commissions"] }) {
  const { t } = useTranslation();
  const sorted = useMemo(
    () =>
      [...rows].sort(
        (a, b) =>
          (stateOrder[a.state] ?? 9) - (stateOrder[b.state] ?? 9) ||
          nameOf(a.body.names).localeCompare(nameOf(b.body.names)),
      ),
    [rows],
  );
  const { items, pager } = usePage(sorted);
  if (!rows.length) return <NoData text={t("dashboard.noCommissions")} />;
  return (
    <Stack gap="xs">
      <Table striped data-testid="commissions-table">
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.body.id} data-testid="commission-row">
              <Table.Td style={nameCell}>
                {c.planId ? (
                  <Link to={`/prevention/plans/${c.planId}`}>{nameOf(c.body.names)}</Link>
                ) : (
                  nameOf(c.body.names)
                )}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap", width: 1 }}>
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
                  styles={{ root: { maxWidth: "none" }, label: { overflow: "visible" } }}
                >
                  {t(`reportingState.${c.state}`)}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pager("commissions-pages")}
    </Stack>
  );
}

/** Overdue assignments by body, most overdue first, a page at a time. */
export function OverdueTable({ rows }: { rows: DashboardView["overdueByBody"] }) {
  const { t } = useTranslation();
  const sorted = useMemo(
    () =>
      [...rows].sort(
        (a, b) => b.overdue - a.overdue || nameOf(a.body.names).localeCompare(nameOf(b.body.names)),
      ),
    [rows],
  );
  const { items, pager } = usePage(sorted);
  if (!rows.length) return <NoData text={t("dashboard.noOverdue")} />;
  return (
    <Stack gap="xs">
      <Table striped data-testid="overdue-table">
        <Table.Tbody>
          {items.map((o) => (
            <Table.Tr key={o.body.id}>
              <Table.Td style={nameCell}>{nameOf(o.body.names)}</Table.Td>
              <Table.Td style={{ width: 1 }}>
                <Link to={overdueLink(o.body.id)}>
                  <Badge color="red">{o.overdue}</Badge>
                </Link>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pager("overdue-pages")}
    </Stack>
  );
}
