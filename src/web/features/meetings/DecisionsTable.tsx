/** A meeting's decisions with executors, deadline and controller; removable while the meeting is planned. */
import { Button, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { MeetingDetail } from "../../api/types";
import { formatDay, nameOf } from "../../format";

export function DecisionsTable({
  m,
  editable,
  onChanged,
  onError,
}: {
  m: MeetingDetail;
  editable: boolean;
  onChanged: (m: MeetingDetail) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="decisions-table">
      <Table.Tbody>
        {m.decisions.map((d) => (
          <Table.Tr key={d.id} data-testid="decision-row">
            <Table.Td w={60}>{d.number}</Table.Td>
            <Table.Td>
              <Text size="sm">{d.text}</Text>
              {d.executors.length > 0 && (
                <Text size="xs" c="dimmed">
                  {t("meetings.executors")}: {d.executors.map((e) => nameOf(e.names)).join("; ")}
                  {d.coExecutors.length > 0 &&
                    ` · ${t("meetings.coExecutors")}: ${d.coExecutors.map((e) => nameOf(e.names)).join("; ")}`}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{formatDay(d.deadline) || "—"}</Table.Td>
            <Table.Td>{d.executors.length > 0 && nameOf((d.controller ?? m.body).names)}</Table.Td>
            {editable && (
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  onClick={() =>
                    ok(
                      api.DELETE("/api/meetings/{id}/decisions/{decisionId}", {
                        params: { path: { id: m.id, decisionId: d.id } },
                      }),
                    ).then(onChanged, onError)
                  }
                >
                  {t("common.remove")}
                </Button>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
