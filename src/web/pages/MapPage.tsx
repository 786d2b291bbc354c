/**
 * The operating picture (one offline map): the shipped boundaries as the base, and the layers of
 * features/map/layers.ts — reports (clustered, by status), operation zones, threat levels, vulnerable
 * objects, forces and health organisations — each switchable, with its legend and legal basis, filtered
 * by time and report type, each answered by its module in the reader's scope. Choosing a territory
 * zooms to it; clicking a region or district shows it with its bodies; clicking a record opens it.
 */
import {
  Anchor,
  Badge,
  Card,
  Checkbox,
  Group,
  MultiSelect,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Bbox } from "../../domain/geo";
import { type IncidentType, incidentTypes } from "../../domain/incidents";
import { api, ok } from "../api/client";
import type { UnitProps } from "../components/BoundaryMap";
import { TerritoryPicker } from "../components/TerritoryPicker";
import { useDistricts, useRegions } from "../components/useRegions";
import { type Collection, type LayerData, type LayerFilters, MAP_LAYERS } from "../features/map/layers";
import { OperatingMap } from "../features/map/OperatingMap";
import { useTerritoryPlace } from "../features/map/usePlace";
import { nameOf } from "../format";
import { Link } from "../router";
import { useMe } from "../session";

const namesOf = (p: UnitProps) => ({ kk: p.nameKk, ru: p.nameRu, en: p.nameEn });

const PERIODS = { day: 1, week: 7, month: 30, all: 0 } as const;
type Period = keyof typeof PERIODS;

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
    <Card withBorder data-testid="map-selected" p="sm">
      <Text size="xs" c="dimmed">
        {t("map.selected")}
      </Text>
      <Text fw={600}>{nameOf(namesOf(p))}</Text>
      <Text size="sm">
        {t("nav.registry")}: {total.data?.total ?? "…"} · {t("map.commissions")}: {groups.data ?? "…"}
      </Text>
      <Anchor component={Link} to={`/registry?territory=${p.kato}`} size="sm">
        {t("map.openRegistry")}
      </Anchor>
    </Card>
  );
}

function LayerSwitch({
  titleKey,
  basis,
  legend,
  on,
  onChange,
  data,
  id,
}: {
  titleKey: string;
  basis: string;
  legend: { color: string; labelKey: string; shape: "dot" | "area" }[];
  on: boolean;
  onChange: (v: boolean) => void;
  data: LayerData;
  id: string;
}) {
  const { t } = useTranslation();
  const unavailable = data.state === "unavailable";
  return (
    <Stack gap={2} data-testid={`layer-${id}`} data-state={data.state}>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Checkbox
          label={t(titleKey)}
          checked={on && !unavailable}
          disabled={unavailable}
          onChange={(e) => onChange(e.currentTarget.checked)}
          data-testid={`layer-toggle-${id}`}
        />
        <Text size="xs" c="dimmed" data-testid={`layer-count-${id}`}>
          {unavailable
            ? t("map.unavailable")
            : data.state === "error"
              ? t("map.failed")
              : on && data.state === "ready"
                ? t("map.shown", { count: data.collection.features.length })
                : ""}
        </Text>
      </Group>
      {on && !unavailable && (
        <Group gap={8} pl={28}>
          {legend.map((l) => (
            <Group key={l.labelKey} gap={4} wrap="nowrap">
              <span
                aria-hidden
                style={{
                  display: "inline-block",
                  width: 10,
                  height: 10,
                  background: l.color,
                  opacity: l.shape === "area" ? 0.6 : 1,
                  borderRadius: l.shape === "dot" ? 5 : 2,
                  border: "1px solid #495057",
                }}
              />
              <Text size="xs">{t(l.labelKey)}</Text>
            </Group>
          ))}
          <Text size="xs" c="dimmed">
            {basis}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

export function MapPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const regions = useRegions();
  const districts = useDistricts();
  const [selected, setSelected] = useState<UnitProps | null>(null);
  const [territory, setTerritory] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>("month");
  const [types, setTypes] = useState<IncidentType[]>([]);
  const [visible, setVisible] = useState<Record<string, boolean>>(() =>
    Object.fromEntries(MAP_LAYERS.map((l) => [l.id, l.initiallyOn])),
  );
  const place = useTerritoryPlace(territory);
  // The window's start is fixed when the period is chosen (a stable query key; the layers refresh on their own).
  const from = useMemo(() => {
    const days = PERIODS[period];
    if (!days) return null;
    const d = new Date(Date.now() - days * 86_400_000);
    d.setSeconds(0, 0);
    return d.toISOString();
  }, [period]);
  const home = useMemo(
    () => [...new Set((me.data?.grants ?? []).map((g) => g.territoryCode))].sort(),
    [me.data],
  );
  const filters: LayerFilters = { from, types, territory, home };
  const geo =
    regions.data && districts.data ? { regions: regions.data, districts: districts.data } : undefined;
  // Every layer's hook, in the list's fixed order (a layer switched off does not fetch).
  const results: Record<string, LayerData> = {};
  // biome-ignore lint/correctness/useHookAtTopLevel: MAP_LAYERS is a constant list: same hooks, same order
  for (const l of MAP_LAYERS) results[l.id] = l.useData(visible[l.id], filters, geo);
  const dataKey = MAP_LAYERS.map(
    (l) => `${l.id}:${results[l.id].state}:${results[l.id].collection.features.length}`,
  ).join("|");
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when a layer's answer changes
  const data = useMemo(() => {
    const out: Record<string, Collection> = {};
    for (const l of MAP_LAYERS) out[l.id] = results[l.id].collection;
    return out;
  }, [dataKey, geo]);

  const unitByCode = useMemo(() => {
    const m = new Map<string, UnitProps>();
    for (const f of [...(regions.data?.features ?? []), ...(districts.data?.features ?? [])])
      m.set(f.properties.kato, f.properties);
    return m;
  }, [regions.data, districts.data]);

  return (
    <Stack gap="sm">
      <Title order={2}>{t("map.title")}</Title>
      <Text size="sm" c="dimmed">
        {t("map.hint")}
      </Text>
      <Group align="flex-start" gap="md" wrap="wrap">
        <div style={{ flex: "3 1 420px", minWidth: 0, maxWidth: "100%" }}>
          {geo && (
            <OperatingMap
              geo={geo}
              layers={MAP_LAYERS}
              data={data}
              visible={visible}
              focus={(place.data?.bbox as Bbox | null | undefined) ?? null}
              outline={
                territory
                  ? place.data?.boundary?.code === territory
                    ? place.data.boundary.geometry
                    : null
                  : null
              }
              onUnit={(kato) => {
                const u = unitByCode.get(kato);
                if (u) setSelected(u);
              }}
            />
          )}
        </div>
        <Stack gap="sm" style={{ flex: "1 1 260px", minWidth: 0, maxWidth: "100%" }}>
          <TerritoryPicker
            value={territory}
            onChange={setTerritory}
            label={t("map.zoomTo")}
            maxLevel={4}
            testId="map-territory"
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("map.period")}
            </Text>
            <SegmentedControl
              size="xs"
              fullWidth
              value={period}
              onChange={(v) => setPeriod(v as Period)}
              data={(Object.keys(PERIODS) as Period[]).map((p) => ({
                value: p,
                label: t(`map.periods.${p}`),
              }))}
              data-testid="map-period"
            />
          </Stack>
          <MultiSelect
            label={t("map.types")}
            placeholder={types.length ? undefined : t("map.allTypes")}
            data={incidentTypes.map((x) => ({ value: x, label: t(`incidentType.${x}`) }))}
            value={types}
            onChange={(v) => setTypes(v as IncidentType[])}
            clearable
            data-testid="map-types"
          />
          <Stack gap="xs" data-testid="map-layers">
            <Text size="sm" fw={500}>
              {t("map.layers")}
            </Text>
            {[...MAP_LAYERS].reverse().map((l) => (
              <LayerSwitch
                key={l.id}
                id={l.id}
                titleKey={l.titleKey}
                basis={l.basis}
                legend={l.legend}
                on={visible[l.id]}
                onChange={(v) => setVisible((s) => ({ ...s, [l.id]: v }))}
                data={results[l.id]}
              />
            ))}
          </Stack>
          {selected && <Selected p={selected} />}
        </Stack>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, md: 4 }} spacing={4} lang={i18n.language}>
        {regions.data?.features
          .map((f) => f.properties)
          .sort((a, b) => nameOf(namesOf(a)).localeCompare(nameOf(namesOf(b)), i18n.language))
          .map((p) => (
            <Anchor
              key={p.kato}
              size="sm"
              onClick={() => {
                setSelected(p);
                setTerritory(p.kato);
              }}
            >
              {nameOf(namesOf(p))}
            </Anchor>
          ))}
      </SimpleGrid>
      {results.reports.state === "ready" && visible.reports && (
        <Badge variant="light" color="gray" data-testid="map-reports-total">
          {t("map.reportsShown", { count: results.reports.collection.features.length })}
        </Badge>
      )}
    </Stack>
  );
}
