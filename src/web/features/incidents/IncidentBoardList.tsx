/**
 * The report board's rows (R16, R18): a table on a wide screen, and on a phone (under Mantine's "sm",
 * 48em) one card per report — the six columns do not fit 390 px without sideways scrolling.
 */
import { Badge, Group, Paper, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useTranslation } from "react-i18next";
import type { IncidentView } from "../../api/types";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";

export const INCIDENT_STATUS_COLOR: Record<string, string> = {
  received: "red",
  acknowledged: "orange",
  assessing: "yellow",
  closed: "gray",
  handed_over: "blue",
  linked: "grape",
};

const minutes = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));

function StatusBadges({ i }: { i: IncidentView }) {
  const { t } = useTranslation();
  const overdue = i.status === "received" && Date.parse(i.ackDeadline) < Date.now();
  return (
    <Group gap={4}>
      <Badge color={INCIDENT_STATUS_COLOR[i.status]} data-testid="incident-status-badge">
        {t(`incidentStatus.${i.status}`)}
      </Badge>
      {overdue && (
        <Badge color="red" variant="outline">
          {t("response.overdue")}
        </Badge>
      )}
    </Group>
  );
}

export function IncidentBoardList({ items }: { items: readonly IncidentView[] }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 48em)");
  if (phone)
    return (
      <Stack gap="xs" data-testid="incident-table">
        {items.map((i) => (
          <Paper key={i.id} withBorder p="xs" data-testid="incident-row" data-status={i.status}>
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Link to={`/response/${i.id}`} data-testid="incident-link">
                {t("response.number")} {i.regNumber}
              </Link>
              <StatusBadges i={i} />
            </Group>
            <Text size="sm" fw={500}>
              {t(`incidentType.${i.type}`)}
            </Text>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {nameOf(i.territoryNames)}
              {i.offshore && ` · ${t("response.offshoreBadge")}`}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(i.receivedAt)} · {t("response.age", { minutes: minutes(i.receivedAt) })}
            </Text>
            <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {t("response.hq")}: {nameOf(i.hq.names)}
            </Text>
          </Paper>
        ))}
      </Stack>
    );
  return (
    <Table striped highlightOnHover data-testid="incident-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("response.number")}</Table.Th>
          <Table.Th>{t("response.type")}</Table.Th>
          <Table.Th>{t("response.status")}</Table.Th>
          <Table.Th>{t("response.received")}</Table.Th>
          <Table.Th>{t("response.place")}</Table.Th>
          <Table.Th>{t("response.hq")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {items.map((i) => (
          <Table.Tr key={i.id} data-testid="incident-row" data-status={i.status}>
            <Table.Td>
              <Link to={`/response/${i.id}`} data-testid="incident-link">
                {i.regNumber}
              </Link>
            </Table.Td>
            <Table.Td>{t(`incidentType.${i.type}`)}</Table.Td>
            <Table.Td>
              <StatusBadges i={i} />
            </Table.Td>
            <Table.Td>
              <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(i.receivedAt)}</span>
              <Text size="xs" c="dimmed">
                {t("response.age", { minutes: minutes(i.receivedAt) })}
              </Text>
            </Table.Td>
            <Table.Td>
              {nameOf(i.territoryNames)}
              {i.offshore && (
                <Badge size="xs" ml={4}>
                  {t("response.offshoreBadge")}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{nameOf(i.hq.names)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
