/** The picture of reports by region (map shading) and type (table) — the national view of R18's HQs and the ATC. */
import { Badge, Group, SimpleGrid, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import { nameOf } from "../format";
import { BoundaryMap } from "./BoundaryMap";
import { useRegions } from "./useRegions";

const DAYS = 30;

export function IncidentPicture({ points }: { points?: { id: string; lat: number; lon: number }[] }) {
  const { t } = useTranslation();
  const picture = useQuery({
    queryKey: ["incidents", "picture", DAYS],
    queryFn: () => ok(api.GET("/api/incidents/picture", { params: { query: { days: DAYS } } })),
    refetchInterval: 30_000,
  });
  const regions = useRegions();
  if (!picture.data || picture.data.regions.length === 0) return null;
  const values = Object.fromEntries(picture.data.regions.map((r) => [r.code, r.total]));
  const types = new Map<string, number>();
  for (const c of picture.data.cells) types.set(c.type, (types.get(c.type) ?? 0) + c.total);
  return (
    <Stack gap="xs" data-testid="incident-picture">
      <Title order={3}>{t("response.picture", { days: DAYS })}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {regions.data && (
          <BoundaryMap
            regions={regions.data}
            values={values}
            points={points}
            height={320}
            testId="picture-map"
          />
        )}
        <Stack gap="xs">
          <Table data-testid="picture-regions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("response.region")}</Table.Th>
                <Table.Th>{t("response.total")}</Table.Th>
                <Table.Th>{t("response.open")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {picture.data.regions.map((r) => (
                <Table.Tr key={r.code}>
                  <Table.Td>{nameOf(r.names)}</Table.Td>
                  <Table.Td>{r.total}</Table.Td>
                  <Table.Td>{r.open}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group gap={4}>
            {[...types.entries()]
              .sort((a, b) => b[1] - a[1])
              .map(([type, n]) => (
                <Badge key={type} variant="light">
                  {t(`incidentType.${type}`)}: {n}
                </Badge>
              ))}
          </Group>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
