/**
 * Regions (and optionally districts) drawn from the shipped boundaries with MapLibre GL — no tile server.
 * Regions can be shaded by a value (a choropleth); clicking a unit reports its properties.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { Alert } from "@mantine/core";
import type { GeoJSONSource, Map as MlMap } from "maplibre-gl";
// MapLibre 6 runs its worker from a separate module file: ship it as an asset and point MapLibre at it.
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export type UnitProps = { kato: string; nameKk: string; nameRu: string; nameEn: string };
export type FeatureCollection = { type: "FeatureCollection"; features: { properties: UnitProps }[] };

type Props = {
  regions: FeatureCollection;
  districts?: FeatureCollection;
  /** Value per region KATO code: shades the regions from light to dark red. */
  values?: Record<string, number>;
  /** A fill colour per region KATO code (e.g. the threat level's); others stay light grey. */
  colors?: Record<string, string>;
  onSelect?: (p: UnitProps) => void;
  /** Clicking picks a point (longitude, latitude) — e.g. where an incident happened. */
  onPick?: (lon: number, lat: number) => void;
  /** Points to draw (e.g. open reports with coordinates). */
  points?: { lon: number; lat: number; id: string }[];
  /** An outlined area (e.g. an operation's zone): its vertices, [lon, lat]. */
  area?: [number, number][];
  height?: number;
  testId?: string;
};

/** Adds each region's value and its share of the largest (0…1) for shading. */
function withValues(fc: FeatureCollection, values?: Record<string, number>, colors?: Record<string, string>) {
  const max = Math.max(1, ...Object.values(values ?? {}));
  return {
    ...fc,
    features: fc.features.map((f) => {
      const value = values?.[f.properties.kato] ?? 0;
      const color = colors?.[f.properties.kato] ?? "#f1f3f5";
      return { ...f, properties: { ...f.properties, value, share: value / max, color } };
    }),
  };
}

const pointsData = (points?: Props["points"]) => ({
  type: "FeatureCollection" as const,
  features: (points ?? []).map((p) => ({
    type: "Feature" as const,
    properties: { id: p.id },
    geometry: { type: "Point" as const, coordinates: [p.lon, p.lat] },
  })),
});

const areaData = (area?: [number, number][]) => ({
  type: "FeatureCollection" as const,
  features:
    area && area.length >= 3
      ? [
          {
            type: "Feature" as const,
            properties: {},
            geometry: { type: "Polygon" as const, coordinates: [[...area, area[0]]] },
          },
        ]
      : [],
});

export function BoundaryMap({
  regions,
  districts,
  values,
  colors,
  onSelect,
  onPick,
  points,
  area,
  height = 560,
  testId = "map",
}: Props) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<MlMap | null>(null);
  const [failed, setFailed] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const pick = useRef(onPick);
  pick.current = onPick;

  // The map is created once per mount; new values are pushed into its source by the next effect.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!el.current || map.current) return;
    let cancelled = false;
    (async () => {
      try {
        const maplibre = await import("maplibre-gl");
        if (cancelled || !el.current) return;
        maplibre.setWorkerUrl(workerUrl);
        const shaded = values !== undefined;
        const coloured = colors !== undefined;
        const m = new maplibre.Map({
          container: el.current,
          style: {
            version: 8,
            sources: {
              regions: {
                type: "geojson",
                data: withValues(regions, values, colors) as never,
                promoteId: "kato",
              },
              points: { type: "geojson", data: pointsData(points) as never },
              area: { type: "geojson", data: areaData(area) as never },
              ...(districts
                ? { districts: { type: "geojson" as const, data: districts as never, promoteId: "kato" } }
                : {}),
            },
            layers: [
              { id: "bg", type: "background", paint: { "background-color": "#eef3f6" } },
              {
                id: "regions-fill",
                type: "fill",
                source: "regions",
                paint: {
                  "fill-color": coloured
                    ? ["get", "color"]
                    : shaded
                      ? ["interpolate", ["linear"], ["get", "share"], 0, "#f1f3f5", 1, "#c92a2a"]
                      : "#c3e6e0",
                  "fill-opacity": 0.8,
                },
              },
              ...(districts
                ? [
                    {
                      id: "districts-fill",
                      type: "fill" as const,
                      source: "districts",
                      paint: {
                        "fill-color": [
                          "case",
                          ["boolean", ["feature-state", "selected"], false],
                          "#f59f00",
                          "#c3e6e0",
                        ],
                        "fill-opacity": 0.7,
                      } as never,
                    },
                    {
                      id: "districts-line",
                      type: "line" as const,
                      source: "districts",
                      paint: { "line-color": "#6c8f8a", "line-width": 0.5 },
                    },
                  ]
                : []),
              {
                id: "regions-line",
                type: "line",
                source: "regions",
                paint: { "line-color": "#0b7285", "line-width": 1.5 },
              },
            ] as never,
          },
          bounds: [46.5, 40.5, 87.4, 55.5],
          attributionControl: { customAttribution: t("map.attribution") },
        });
        map.current = m;
        const layer = districts ? "districts-fill" : "regions-fill";
        const source = districts ? "districts" : "regions";
        let last: string | null = null;
        m.on("click", layer, (e) => {
          const f = e.features?.[0];
          if (!f) return;
          if (last) m.setFeatureState({ source, id: last }, { selected: false });
          last = String(f.properties.kato);
          m.setFeatureState({ source, id: last }, { selected: true });
          select.current?.(f.properties as UnitProps);
        });
        m.on("click", (e) => pick.current?.(e.lngLat.lng, e.lngLat.lat));
        m.on("mouseenter", layer, () => {
          m.getCanvas().style.cursor = "pointer";
        });
        m.on("mouseleave", layer, () => {
          m.getCanvas().style.cursor = "";
        });
      } catch {
        setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    const src = map.current?.getSource("regions") as GeoJSONSource | undefined;
    src?.setData(withValues(regions, values, colors) as never);
  }, [regions, values, colors]);
  useEffect(() => {
    const src = map.current?.getSource("points") as GeoJSONSource | undefined;
    src?.setData(pointsData(points) as never);
  }, [points]);
  useEffect(() => {
    const src = map.current?.getSource("area") as GeoJSONSource | undefined;
    src?.setData(areaData(area) as never);
  }, [area]);
  useEffect(() => () => map.current?.remove(), []);

  if (failed) return <Alert color="yellow">{t("map.noWebgl")}</Alert>;
  return (
    <div
      ref={el}
      style={{ height, borderRadius: 4, overflow: "hidden" }}
      data-testid={testId}
      role="img"
      aria-label={t("map.title")}
    />
  );
}
