/**
 * The operation's forces: body, status (with what the force committed), requested and on-site times,
 * and the moves the reader may make (ForceMoves: the same states as the consequences' requests).
 */
import { Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import type { OperationDetail } from "../../api/types";
import { ForceMoveButtons, ForceStatusBadge } from "../../components/ForceMoves";
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
              <ForceStatusBadge
                status={f.status}
                commitNote={f.commitNote}
                eta={f.eta}
                testId="force-status"
              />
            </Table.Td>
            <Table.Td>
              <Text size="xs">
                {formatDateTime(f.requestedAt)}
                {f.onSiteAt && ` → ${formatDateTime(f.onSiteAt)}`}
              </Text>
            </Table.Td>
            <Table.Td>
              <ForceMoveButtons
                nextStatuses={f.nextStatuses}
                testPrefix="force"
                showError={false}
                onMove={(m) => {
                  const p = ok(
                    api.PATCH("/api/operation-forces/{id}", {
                      params: { path: { id: f.id } },
                      body: { ...m, version: f.version },
                    }),
                  );
                  run(p);
                  return p;
                }}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
