/** Attendance of a planned meeting: which member bodies are present and by whom. */
import { Button, Checkbox, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { MeetingDetail } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { nameOf } from "../../format";

export function Attendance({ m, onSaved }: { m: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const initial = new Map(m.attendance.map((a) => [a.bodyId, a]));
  const [rows, setRows] = useState(
    m.members.map((b) => ({
      bodyId: b.id,
      representative: initial.get(b.id)?.representative ?? "",
      present: initial.get(b.id)?.present ?? false,
    })),
  );
  const [error, setError] = useState<unknown>(null);
  return (
    <Stack gap="xs">
      <Table data-testid="attendance-table">
        <Table.Tbody>
          {m.members.map((b, i) => (
            <Table.Tr key={b.id}>
              <Table.Td>
                <Checkbox
                  checked={rows[i].present}
                  onChange={(e) => {
                    const present = e.currentTarget.checked;
                    setRows((r) => r.map((x, j) => (j === i ? { ...x, present } : x)));
                  }}
                  label={nameOf(b.names)}
                  data-testid="attendance-present"
                />
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {t(`membershipRole.${b.role}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  placeholder={t("meetings.representative")}
                  value={rows[i].representative}
                  onChange={(e) => {
                    const representative = e.currentTarget.value;
                    setRows((r) => r.map((x, j) => (j === i ? { ...x, representative } : x)));
                  }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="flex-end">
        <Button
          variant="light"
          data-testid="attendance-save"
          onClick={() =>
            ok(
              api.PATCH("/api/meetings/{id}", {
                params: { path: { id: m.id } },
                body: { version: m.version, attendance: rows },
              }),
            ).then(onSaved, setError)
          }
        >
          {t("meetings.saveAttendance")}
        </Button>
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}
