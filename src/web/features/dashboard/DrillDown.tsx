/** Every figure of the dashboard opens its records: a count as a link, and the list in a modal. */
import { Anchor, Badge, Loader, Modal, Stack, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";
import { type DashboardQuery, type Drill, useDashboardRecords } from "./api";

export type OnDrill = (drill: Drill) => void;

/** The assignments page showing one body's overdue assignments. */
export const overdueLink = (bodyId: string) =>
  `/prevention/assignments?scope=all&status=overdue&bodyId=${bodyId}`;

/** A count that opens its records; zero stays plain. */
export function DrillCount({ n, drill, onDrill }: { n: number; drill: Drill; onDrill: OnDrill }) {
  return n > 0 ? (
    <Anchor component="button" onClick={() => onDrill(drill)} data-testid="drill">
      {n}
    </Anchor>
  ) : (
    0
  );
}

export function RecordsModal({
  base,
  drill,
  onClose,
}: {
  base: DashboardQuery;
  drill: Drill;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const q = useDashboardRecords(base, drill);
  return (
    <Modal opened onClose={onClose} size="xl" title={`${t("dashboard.records")}: ${drill.title}`}>
      {q.isPending && <Loader />}
      <ErrorAlert error={q.error} />
      {q.data && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            {t("assignments.total", { count: q.data.total })}
          </Text>
          <Table striped data-testid="records-table">
            <Table.Tbody>
              {q.data.items.map((r) => (
                <Table.Tr key={r.measureId} data-testid="record-row">
                  <Table.Td>
                    <Link to={`/prevention/plans/${r.planId}`}>{nameOf(r.commission.names)}</Link>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.title}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`measureSubtype.${r.subtype}`)} · {nameOf(r.responsibleBody.names)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge
                      color={r.outcome === "done" ? "green" : r.outcome === "missing" ? "red" : "yellow"}
                      variant="light"
                    >
                      {t(`measureOutcome.${r.outcome}`)}
                    </Badge>
                    {r.reportedAt && (
                      <Text size="xs" c="dimmed">
                        {formatDateTime(r.reportedAt)}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Modal>
  );
}
