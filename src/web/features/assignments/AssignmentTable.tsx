/** A list of assignments (the assignments page, a meeting's protocol): overdue rows are red. */
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AssignmentView } from "../../api/types";
import { formatDay, nameOf } from "../../format";
import { Link } from "../../router";
import { StatusBadge } from "./StatusBadge";

export function AssignmentTable({ items }: { items: AssignmentView[] }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="assignments-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>№</Table.Th>
          <Table.Th>{t("assignments.what")}</Table.Th>
          <Table.Th>{t("meetings.executors")}</Table.Th>
          <Table.Th>{t("meetings.deadline")}</Table.Th>
          <Table.Th>{t("plans.status")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((a) => (
          <Table.Tr
            key={a.id}
            data-testid="assignment-row"
            data-overdue={a.overdue ? "true" : undefined}
            style={a.overdue ? { background: "var(--mantine-color-red-light)" } : undefined}
          >
            <Table.Td>
              <Link to={`/prevention/assignments/${a.id}`}>{a.number}</Link>
            </Table.Td>
            <Table.Td>
              <Text size="sm" lineClamp={2}>
                {a.title}
              </Text>
              <Text size="xs" c="dimmed">
                {nameOf(a.owner.names)}
                {a.source === "inspection" && ` · ${t("assignments.source.inspection")}`}
              </Text>
            </Table.Td>
            <Table.Td>{nameOf(a.executor.names)}</Table.Td>
            <Table.Td>
              {formatDay(a.deadline)}
              {a.deadline !== a.originalDeadline && (
                <Text size="xs" c="dimmed">
                  ({t("assignments.originally", { date: formatDay(a.originalDeadline) })})
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <StatusBadge a={a} />
              {a.escalatedTo && (
                <Text size="xs" c="red">
                  {t("assignments.escalatedTo", { body: nameOf(a.escalatedTo.names) })}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
