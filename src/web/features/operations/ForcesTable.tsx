/** The operation's forces: body, status, requested and on-site times, and the next statuses allowed. */
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { ForceStatus } from "../../../domain/operations";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { formatDateTime, nameOf } from "../../format";
import { Link } from "../../router";

export function ForcesTable({
  forces,
  run,
}: {
  forces: OperationDetail["forces"];
  run: (p: Promise<OperationDetail>) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table data-testid="forces-table">
      <Table.Tbody>
        {forces.map((f) => (
          <Table.Tr key={f.id} data-testid="force-row">
            <Table.Td>
              <Link to={`/registry/${f.body.id}`}>{nameOf(f.body.names)}</Link>
              {f.body.subtype && (
                <Text size="xs" c="dimmed">
                  {t(`subtype.${f.body.subtype}`)}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Badge data-testid="force-status">{t(`forceStatus.${f.status}`)}</Badge>
            </Table.Td>
            <Table.Td>
              <Text size="xs">
                {formatDateTime(f.requestedAt)}
                {f.onSiteAt && ` → ${formatDateTime(f.onSiteAt)}`}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {f.nextStatuses.map((s: ForceStatus) => (
                  <Button
                    key={s}
                    size="compact-xs"
                    variant="light"
                    onClick={() =>
                      run(
                        ok(
                          api.PATCH("/api/operation-forces/{id}", {
                            params: { path: { id: f.id } },
                            body: { status: s, version: f.version },
                          }),
                        ),
                      )
                    }
                    data-testid={`force-${s}`}
                  >
                    {t(`forceStatus.${s}`)}
                  </Button>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
