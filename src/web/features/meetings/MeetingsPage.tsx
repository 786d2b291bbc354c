/** Meetings of the commissions (R5) in a year, and planning a new one. */
import { Alert, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";
import { useManagedCommissions } from "../prevention/api";
import { PreventionTabs } from "../prevention/PreventionTabs";
import { useMeetings } from "./api";
import { MeetingForm } from "./MeetingForm";
import { MeetingStatus } from "./MeetingStatus";

export function MeetingsPage() {
  const { t } = useTranslation();
  const own = useManagedCommissions();
  const [year, setYear] = useState(new Date().getFullYear());
  const list = useMeetings(year);
  return (
    <Stack maw={1100}>
      <PreventionTabs active="meetings" />
      <Title order={2}>{t("meetings.title")}</Title>
      <Basis ids={["R5"]} />
      <Text size="sm" c="dimmed">
        {t("meetings.intro")}
      </Text>
      <Group align="flex-end">
        <NativeSelect
          label={t("plans.year")}
          value={String(year)}
          onChange={(e) => setYear(Number(e.currentTarget.value))}
          data={[-1, 0, 1].map((d) => String(new Date().getFullYear() + d))}
          w={120}
        />
      </Group>
      {own.length > 0 && <MeetingForm own={own} />}
      {list.data?.items.length === 0 && <Alert variant="light">{t("meetings.none")}</Alert>}
      <Table data-testid="meetings-table">
        <Table.Tbody>
          {list.data?.items.map((m) => (
            <Table.Tr key={m.id} data-testid="meeting-row">
              <Table.Td>
                <Link to={`/prevention/meetings/${m.id}`}>{formatDateTime(m.heldAt)}</Link>
              </Table.Td>
              <Table.Td>{nameOf(m.body.names)}</Table.Td>
              <Table.Td>
                <MeetingStatus m={m} />
              </Table.Td>
              <Table.Td>{t("meetings.decisionCount", { count: m.decisionCount })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
