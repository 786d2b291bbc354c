/** Execution discipline per body over a period (R5): assigned / on time / late / overdue. */
import { Alert, Badge, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Basis } from "../../components/Basis";
import { DateField } from "../../components/DateField";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";
import { PreventionTabs } from "../prevention/PreventionTabs";
import { useDiscipline } from "./api";

export function DisciplinePage() {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  const [from, setFrom] = useState(`${year}-01-01`);
  const [to, setTo] = useState(`${year}-12-31`);
  const q = useDiscipline(from, to);
  return (
    <Stack maw={1100}>
      <PreventionTabs active="discipline" />
      <Title order={2}>{t("discipline.title")}</Title>
      <Basis ids={["R5"]} />
      <Group>
        <DateField label={t("discipline.from")} value={from} onChange={(v) => setFrom(v)} />
        <DateField label={t("discipline.to")} value={to} onChange={(v) => setTo(v)} />
      </Group>
      <ErrorAlert error={q.error} />
      {q.data?.rows.length === 0 && <Alert variant="light">{t("assignments.none")}</Alert>}
      <Table striped data-testid="discipline-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("meetings.executors")}</Table.Th>
            <Table.Th>{t("discipline.assigned")}</Table.Th>
            <Table.Th>{t("assignmentStatus.done_on_time")}</Table.Th>
            <Table.Th>{t("assignmentStatus.done_late")}</Table.Th>
            <Table.Th>{t("assignments.overdue")}</Table.Th>
            <Table.Th>{t("discipline.share")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data?.rows.map((r) => {
            const total = r.onTime + r.late + r.overdue;
            const share = total ? Math.round((100 * r.onTime) / total) : null;
            return (
              <Table.Tr key={r.body.id} data-testid="discipline-row">
                <Table.Td>{nameOf(r.body.names)}</Table.Td>
                <Table.Td>{r.assigned}</Table.Td>
                <Table.Td>{r.onTime}</Table.Td>
                <Table.Td>{r.late}</Table.Td>
                <Table.Td>
                  {r.overdue > 0 ? (
                    <Badge color="red" variant="filled">
                      {r.overdue}
                    </Badge>
                  ) : (
                    0
                  )}
                </Table.Td>
                <Table.Td>{share === null ? "—" : <ShareBar share={share} />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** The share done on time as a bar: green from 80 %, yellow from 50 %, red below. */
function ShareBar({ share }: { share: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      <div
        style={{
          width: 80,
          height: 8,
          background: "var(--mantine-color-gray-2)",
          borderRadius: 4,
        }}
        role="img"
        aria-label={`${share}%`}
      >
        <div
          style={{
            width: `${share}%`,
            height: 8,
            borderRadius: 4,
            background: `var(--mantine-color-${share >= 80 ? "green" : share >= 50 ? "yellow" : "red"}-6)`,
          }}
        />
      </div>
      <Text size="xs">{share}%</Text>
    </Group>
  );
}
