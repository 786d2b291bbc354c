/**
 * Missing-person reconciliation (R21.1, R21.2): pairs proposed by surname, given name and date of
 * birth — one reported missing, one found — confirmed into one record or rejected.
 */
import { Button, Group, Stack, Table, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../../api/client";
import { formatDay, nameOf } from "../../format";
import type { PersonItem } from "./types";

const who = (p: PersonItem) => `${p.surname} ${p.givenName} ${p.patronymic}`.trim();

export function Matches({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["affected", "matches", incidentId],
    queryFn: () =>
      ok(api.GET("/api/affected-people/cases/{incidentId}/matches", { params: { path: { incidentId } } })),
  });
  const decide = async (id: string, how: "confirm" | "reject") => {
    if (how === "confirm")
      await ok(api.POST("/api/affected-people/matches/{id}/confirm", { params: { path: { id } }, body: {} }));
    else
      await ok(api.POST("/api/affected-people/matches/{id}/reject", { params: { path: { id } }, body: {} }));
    await qc.invalidateQueries({ queryKey: ["affected"] });
  };
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Stack gap="xs" data-testid="matches">
      <Text fw={600}>{t("affectedPeople.matchesTitle")}</Text>
      <Table>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.id} data-testid="match">
              <Table.Td>
                {who(m.missing)} · {formatDay(m.missing.birthDate) || "—"} ·{" "}
                {t("affectedPeople.status.missing")}
              </Table.Td>
              <Table.Td>
                {who(m.found)} · {formatDay(m.found.birthDate) || "—"} ·{" "}
                {t(`affectedPeople.status.${m.found.status}`)}
                {m.found.hospital ? ` (${nameOf(m.found.hospital.names)})` : ""}
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" onClick={() => decide(m.id, "confirm")} data-testid="match-confirm">
                    {t("affectedPeople.samePerson")}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => decide(m.id, "reject")}>
                    {t("affectedPeople.notSame")}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
