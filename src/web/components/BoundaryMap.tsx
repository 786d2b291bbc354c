/**
 * Regions (and optionally districts) drawn from the shipped boundaries with MapLibre GL — no tile server.
 * Regions can be shaded by a value (a choropleth); clicking a unit reports its properties. Points (a
 * reported place, open reports) and an area (an operation's zone) are drawn on top. The whole country —
 * or the `focus` box — stays in view at any size (features/map/base.ts).
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { Alert } from "@mantine/core";
import type { GeoJSONSource, Map as MlMap } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Bbox } from "../../domain/geo";
import { fitBox, keepFitted, loadMaplibre, mapLocale } from "../features/map/base";

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
  /** The box to show (a chosen territory); the whole country when absent. */
  focus?: Bbox | null;
  /** A boundary to outline (the chosen territory's), GeoJSON geometry. */
  outline?: { type: "Polygon" | "MultiPolygon"; coordinates: unknown } | null;
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
    area && area.length >= 2
      ? [
          {
            type: "Feature" as const,
            properties: {},
            geometry:
              area.length >= 3
                ? { type: "Polygon" as const, coordinates: [[...area, area[0]]] }
                : { type: "LineString" as const, coordinates: area },
          },
        ]
      : [],
});

const outlineData = (g: Props["outline"]) => ({
  type: "FeatureCollection" as const,
  features: g ? [{ type: "Feature" as const, properties: {}, geometry: g }] : [],
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
  focus,
  outline,
  height = 560,
  testId = "map",
}: Props) {
  const { t } = useTranslation();
  const el = useRef<HTMLElement>(null);
  const map = useRef<MlMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const select = useRef(onSelect);
  select.current = onSelect;
  const pick = useRef(onPick);
  pick.current = onPick;
  const target = useRef(focus);
  target.current = focus;

  // The map is created once per mount; new values are pushed into its sources by the effects below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount
  useEffect(() => {
    if (!el.current || map.current) return;
    let cancelled = false;
    let stopFitting = () => {};
    (async () => {
      try {
        const maplibre = await loadMaplibre();
        if (cancelled || !el.current) return;
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
              outline: { type: "geojson", data: outlineData(outline) as never },
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
              {
                id: "outline-line",
                type: "line",
                source: "outline",
                paint: { "line-color": "#1c7ed6", "line-width": 2, "line-dasharray": [2, 1] },
              },
              {
                id: "area-fill",
                type: "fill",
                source: "area",
                filter: ["==", ["geometry-type"], "Polygon"],
                paint: { "fill-color": "#e8590c", "fill-opacity": 0.25 },
              },
              {
                id: "area-line",
                type: "line",
                source: "area",
                paint: { "line-color": "#d9480f", "line-width": 2 },
              },
              {
                id: "points-circle",
                type: "circle",
                source: "points",
                paint: {
                  "circle-radius": 6,
                  "circle-color": "#e03131",
                  "circle-stroke-color": "#ffffff",
                  "circle-stroke-width": 2,
                },
              },
            ] as never,
          },
          bounds: target.current ?? [46.5, 40.5, 87.4, 55.5],
          attributionControl: { customAttribution: t("map.attribution") },
          locale: mapLocale(t),
        });
        map.current = m;
        // For the browser tests: the map instance on its element (queryRenderedFeatures, project).
        (el.current as HTMLDivElement & { __map?: MlMap }).__map = m;
        stopFitting = keepFitted(m, () => target.current);
        m.on("load", () => {
          fitBox(m, target.current);
          setReady(true);
        });
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
      stopFitting();
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    const src = map.current?.getSource("regions") as GeoJSONSource | undefined;
    src?.setData(withValues(regions, values, colors) as never);
  }, [regions, values, colors, ready]);
  useEffect(() => {
    if (!ready) return;
    const src = map.current?.getSource("points") as GeoJSONSource | undefined;
    src?.setData(pointsData(points) as never);
  }, [points, ready]);
  useEffect(() => {
    if (!ready) return;
    const src = map.current?.getSource("area") as GeoJSONSource | undefined;
    src?.setData(areaData(area) as never);
  }, [area, ready]);
  useEffect(() => {
    if (!ready) return;
    const src = map.current?.getSource("outline") as GeoJSONSource | undefined;
    src?.setData(outlineData(outline) as never);
  }, [outline, ready]);
  // A new focus (a territory chosen): zoom to it, or back to the whole country.
  const focusKey = focus ? focus.join(",") : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the box's value, not its identity
  useEffect(() => {
    if (map.current && ready) fitBox(map.current, focus, { animate: true });
  }, [focusKey, ready]);
  useEffect(() => () => map.current?.remove(), []);

  if (failed) return <Alert color="yellow">{t("map.noWebgl")}</Alert>;
  return (
    // A labelled region (not role="img": the map holds focusable controls — axe: nested-interactive).
    <section
      ref={el}
      style={{ height, width: "100%", maxWidth: "100%", borderRadius: 4, overflow: "hidden" }}
      data-testid={testId}
      data-ready={ready ? "true" : undefined}
      aria-label={t("a11y.map")}
    />
  );
}
