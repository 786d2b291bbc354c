/**
 * Regions and districts drawn from the shipped boundaries (MapLibre GL, no tile server).
 * Clicking a unit shows it with the number of bodies there and a link to the registry.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { Map as MlMap } from "maplibre-gl";
// MapLibre 6 runs its worker from a separate module file: ship it as an asset and point MapLibre at it.
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { get, qs } from "../api";
import { nameOf } from "../format";
import { Link } from "../router";

type Props = { kato: string; nameKk: string; nameRu: string; nameEn: string };
type FC = { type: "FeatureCollection"; features: { properties: Props }[] };

function Selected({ p }: { p: Props }) {
  const { t } = useTranslation();
  const total = useQuery({
    queryKey: ["bodies", "count", p.kato],
    queryFn: () => get<{ total: number }>(`/api/bodies${qs({ territory: p.kato, limit: 1 })}`),
  });
  const groups = useQuery({
    queryKey: ["bodies", "groups", p.kato],
    queryFn: async () => {
      const [c, h] = await Promise.all([
        get<{ total: number }>(`/api/bodies${qs({ territory: p.kato, kind: "commission", limit: 1 })}`),
        get<{ total: number }>(`/api/bodies${qs({ territory: p.kato, kind: "hq", limit: 1 })}`),
      ]);
      return c.total + h.total;
    },
  });
  return (
    <Card withBorder data-testid="map-selected">
      <Text size="xs" c="dimmed">
        {t("map.selected")}
      </Text>
      <Text fw={600}>{nameOf({ kk: p.nameKk, ru: p.nameRu, en: p.nameEn })}</Text>
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
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<MlMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [selected, setSelected] = useState<Props | null>(null);
  const regions = useQuery({
    queryKey: ["geo", "regions"],
    queryFn: () => get<FC>("/api/geo/regions"),
    staleTime: Infinity,
  });
  const districts = useQuery({
    queryKey: ["geo", "districts"],
    queryFn: () => get<FC>("/api/geo/districts"),
    staleTime: Infinity,
  });

  useEffect(() => {
    if (!el.current || !regions.data || !districts.data || map.current) return;
    let cancelled = false;
    (async () => {
      try {
        const maplibre = await import("maplibre-gl");
        if (cancelled || !el.current) return;
        maplibre.setWorkerUrl(workerUrl);
        const m = new maplibre.Map({
          container: el.current,
          style: {
            version: 8,
            sources: {
              regions: { type: "geojson", data: regions.data as never, promoteId: "kato" },
              districts: { type: "geojson", data: districts.data as never, promoteId: "kato" },
            },
            layers: [
              { id: "bg", type: "background", paint: { "background-color": "#eef3f6" } },
              {
                id: "districts-fill",
                type: "fill",
                source: "districts",
                paint: {
                  "fill-color": [
                    "case",
                    ["boolean", ["feature-state", "selected"], false],
                    "#f59f00",
                    "#c3e6e0",
                  ],
                  "fill-opacity": 0.7,
                },
              },
              {
                id: "districts-line",
                type: "line",
                source: "districts",
                paint: { "line-color": "#6c8f8a", "line-width": 0.5 },
              },
              {
                id: "regions-line",
                type: "line",
                source: "regions",
                paint: { "line-color": "#0b7285", "line-width": 1.5 },
              },
            ],
          },
          bounds: [46.5, 40.5, 87.4, 55.5],
          attributionControl: { customAttribution: t("map.attribution") },
        });
        map.current = m;
        let last: string | null = null;
        m.on("click", "districts-fill", (e) => {
          const f = e.features?.[0];
          if (!f) return;
          if (last) m.setFeatureState({ source: "districts", id: last }, { selected: false });
          last = String(f.properties.kato);
          m.setFeatureState({ source: "districts", id: last }, { selected: true });
          setSelected(f.properties as Props);
        });
        m.on("mouseenter", "districts-fill", () => (m.getCanvas().style.cursor = "pointer"));
        m.on("mouseleave", "districts-fill", () => (m.getCanvas().style.cursor = ""));
        m.on("error", () => {});
      } catch {
        setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [regions.data, districts.data, t]);
  useEffect(() => () => map.current?.remove(), []);

  return (
    <Stack>
      <Title order={2}>{t("map.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("map.hint")}
      </Text>
      <Group align="flex-start" wrap="nowrap">
        <div style={{ flex: 1, minWidth: 0 }}>
          {failed ? (
            <Alert color="yellow">{t("map.noWebgl")}</Alert>
          ) : (
            <div
              ref={el}
              style={{ height: 560, borderRadius: 4, overflow: "hidden" }}
              data-testid="map"
              role="img"
              aria-label={t("map.title")}
            />
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
          .sort((a, b) =>
            nameOf({ kk: a.nameKk, ru: a.nameRu, en: a.nameEn }).localeCompare(
              nameOf({ kk: b.nameKk, ru: b.nameRu, en: b.nameEn }),
              i18n.language,
            ),
          )
          .map((p) => (
            <Anchor key={p.kato} size="sm" onClick={() => setSelected(p)}>
              {nameOf({ kk: p.nameKk, ru: p.nameRu, en: p.nameEn })}
            </Anchor>
          ))}
      </SimpleGrid>
    </Stack>
  );
}
