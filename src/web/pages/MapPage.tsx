/**
 * Regions and districts drawn from the shipped boundaries (MapLibre GL, no tile server).
 * Clicking a unit shows it with the number of bodies there and a link to the registry.
 */
import { Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ok } from "../api/client";
import { BoundaryMap, type UnitProps } from "../components/BoundaryMap";
import { useDistricts, useRegions } from "../components/useRegions";
import { nameOf } from "../format";
import { Link } from "../router";

const namesOf = (p: UnitProps) => ({ kk: p.nameKk, ru: p.nameRu, en: p.nameEn });

function Selected({ p }: { p: UnitProps }) {
  const { t } = useTranslation();
  const total = useQuery({
    queryKey: ["bodies", "count", p.kato],
    queryFn: () => ok(api.GET("/api/bodies", { params: { query: { territory: p.kato, limit: 1 } } })),
  });
  const groups = useQuery({
    queryKey: ["bodies", "groups", p.kato],
    queryFn: async () => {
      const [c, h] = await Promise.all([
        ok(
          api.GET("/api/bodies", { params: { query: { territory: p.kato, kind: "commission", limit: 1 } } }),
        ),
        ok(api.GET("/api/bodies", { params: { query: { territory: p.kato, kind: "hq", limit: 1 } } })),
      ]);
      return c.total + h.total;
    },
  });
  return (
    <Card withBorder data-testid="map-selected">
      <Text size="xs" c="dimmed">
        {t("map.selected")}
      </Text>
      <Text fw={600}>{nameOf(namesOf(p))}</Text>
      <Text size="sm">
        {t("nav.registry")}: {total.data?.total ?? "…"} · {t("map.commissions")}: {groups.data ?? "…"}
      </Text>
      <Anchor component={Link} to={`/registry?territory=${p.kato}`}>
        {t("map.openRegistry")}
      </Anchor>
    </Card>
  );
}

export function MapPage() {
  const { t, i18n } = useTranslation();
  const [selected, setSelected] = useState<UnitProps | null>(null);
  const regions = useRegions();
  const districts = useDistricts();

  return (
    <Stack>
      <Title order={2}>{t("map.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("map.hint")}
      </Text>
      <Group align="flex-start" wrap="nowrap">
        <div style={{ flex: 1, minWidth: 0 }}>
          {regions.data && districts.data && (
            <BoundaryMap regions={regions.data} districts={districts.data} onSelect={setSelected} />
          )}
          <Text size="xs" c="dimmed" mt={4} data-testid="map-attribution">
            {t("map.attribution")}
          </Text>
        </div>
        <div style={{ width: 300 }}>{selected && <Selected p={selected} />}</div>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing={4} lang={i18n.language}>
        {regions.data?.features
          .map((f) => f.properties)
          .sort((a, b) => nameOf(namesOf(a)).localeCompare(nameOf(namesOf(b)), i18n.language))
          .map((p) => (
            <Anchor key={p.kato} size="sm" onClick={() => setSelected(p)}>
              {nameOf(namesOf(p))}
            </Anchor>
          ))}
      </SimpleGrid>
    </Stack>
  );
}
