/**
 * The operating picture's map: the shipped boundaries as the base (no tile server) and every layer of
 * layers.ts as a GeoJSON source of its own, switched by visibility. A click on a record opens its page;
 * a click on a cluster zooms into it. The whole country (or the chosen territory's box) stays in view
 * at any size.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import { Alert } from "@mantine/core";
import type { GeoJSONSource, Map as MlMap } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Bbox } from "../../../domain/geo";
import { navigate } from "../../router";
import { fitBox, keepFitted, loadMaplibre, mapLocale } from "./base";
import type { Boundaries, Collection, MapLayer } from "./layers";

type Props = {
  geo: Boundaries;
  layers: readonly MapLayer[];
  data: Record<string, Collection>;
  visible: Record<string, boolean>;
  focus: Bbox | null;
  outline?: unknown;
  onUnit?: (kato: string) => void;
};

const CLUSTER_MAX_ZOOM = 11;

export function OperatingMap({ geo, layers, data, visible, focus, outline, onUnit }: Props) {
  const { t } = useTranslation();
  const el = useRef<HTMLElement>(null);
  const map = useRef<MlMap | null>(null);
  const [failed, setFailed] = useState(false);
  const [ready, setReady] = useState(false);
  const target = useRef(focus);
  target.current = focus;
  const unit = useRef(onUnit);
  unit.current = onUnit;

  // biome-ignore lint/correctness/useExhaustiveDependencies: created once per mount; data flows in below
  useEffect(() => {
    if (!el.current || map.current) return;
    let cancelled = false;
    let stopFitting = () => {};
    (async () => {
      try {
        const maplibre = await loadMaplibre();
        if (cancelled || !el.current) return;
        const sources: Record<string, unknown> = {
          regions: { type: "geojson", data: geo.regions, promoteId: "kato" },
          districts: { type: "geojson", data: geo.districts, promoteId: "kato" },
          outline: { type: "geojson", data: { type: "FeatureCollection", features: [] } },
        };
        for (const l of layers)
          sources[l.id] = {
            type: "geojson",
            data: data[l.id] ?? { type: "FeatureCollection", features: [] },
            ...(l.cluster ? { cluster: true, clusterMaxZoom: CLUSTER_MAX_ZOOM, clusterRadius: 40 } : {}),
          };
        const m = new maplibre.Map({
          container: el.current,
          style: {
            version: 8,
            sources: sources as never,
            layers: [
              { id: "bg", type: "background", paint: { "background-color": "#eef3f6" } },
              { id: "regions-fill", type: "fill", source: "regions", paint: { "fill-color": "#f8f9fa" } },
              {
                id: "districts-line",
                type: "line",
                source: "districts",
                minzoom: 4.5,
                paint: { "line-color": "#adb5bd", "line-width": 0.5 },
              },
              {
                id: "regions-line",
                type: "line",
                source: "regions",
                paint: { "line-color": "#0b7285", "line-width": 1.2 },
              },
              ...layers.flatMap((l) =>
                l.style(l.id).map((s) => ({
                  ...s,
                  layout: { ...(s.layout ?? {}), visibility: visible[l.id] ? "visible" : "none" },
                })),
              ),
              {
                id: "outline-line",
                type: "line",
                source: "outline",
                paint: { "line-color": "#1c7ed6", "line-width": 2.5, "line-dasharray": [2, 1] },
              },
            ] as never,
          },
          bounds: target.current ?? [46.5, 40.5, 87.4, 55.5],
          // The credits the licences require (CC BY 4.0), once, in the map's own control.
          attributionControl: { customAttribution: [t("map.attribution"), t("map.gazetteer")] },
          locale: mapLocale(t),
          maxZoom: 16,
        });
        map.current = m;
        m.addControl(new maplibre.NavigationControl({ showCompass: false }), "top-right");
        stopFitting = keepFitted(m, () => target.current);
        for (const l of layers) {
          for (const id of l.clickable(l.id)) {
            m.on("click", id, (e) => {
              const f = e.features?.[0];
              const href = f && l.hrefOf?.(f.properties as Record<string, unknown>);
              if (href) navigate(href);
            });
            m.on("mouseenter", id, () => {
              m.getCanvas().style.cursor = "pointer";
            });
            m.on("mouseleave", id, () => {
              m.getCanvas().style.cursor = "";
            });
          }
          if (l.cluster)
            m.on("click", `${l.id}-clusters`, async (e) => {
              const f = e.features?.[0];
              const id = f?.properties?.cluster_id;
              if (!f || id === undefined || f.geometry.type !== "Point") return;
              const src = m.getSource(l.id) as GeoJSONSource;
              const zoom = await src.getClusterExpansionZoom(id);
              m.easeTo({ center: f.geometry.coordinates as [number, number], zoom });
            });
        }
        m.on("click", "regions-fill", (e) => {
          // Only when no record lies under the click.
          const records = m.queryRenderedFeatures(e.point, {
            layers: layers.flatMap((l) => [...l.clickable(l.id)]).filter((id) => m.getLayer(id)),
          });
          const kato = e.features?.[0]?.properties?.kato;
          if (records.length === 0 && typeof kato === "string") unit.current?.(kato);
        });
        m.on("load", () => {
          fitBox(m, target.current);
          setReady(true);
        });
        // For tests and the bench: the map instance on its element.
        (el.current as HTMLElement & { __map?: MlMap }).__map = m;
      } catch {
        setFailed(true);
      }
    })();
    return () => {
      cancelled = true;
      stopFitting();
    };
  }, []);

  // New data for a layer: pushed into its source.
  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    for (const l of layers)
      (m.getSource(l.id) as GeoJSONSource | undefined)?.setData(
        (data[l.id] ?? { type: "FeatureCollection", features: [] }) as never,
      );
  }, [data, layers, ready]);
  // Switches: visibility of each layer's MapLibre layers.
  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    for (const l of layers)
      for (const s of l.style(l.id))
        if (m.getLayer(s.id)) m.setLayoutProperty(s.id, "visibility", visible[l.id] ? "visible" : "none");
  }, [visible, layers, ready]);
  useEffect(() => {
    const m = map.current;
    if (!m || !ready) return;
    (m.getSource("outline") as GeoJSONSource | undefined)?.setData({
      type: "FeatureCollection",
      features: outline ? [{ type: "Feature", properties: {}, geometry: outline as never }] : [],
    });
  }, [outline, ready]);
  const focusKey = focus ? focus.join(",") : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the box's value
  useEffect(() => {
    if (map.current && ready) fitBox(map.current, focus, { animate: true });
  }, [focusKey, ready]);
  useEffect(() => () => map.current?.remove(), []);

  if (failed) return <Alert color="yellow">{t("map.noWebgl")}</Alert>;
  return (
    <section
      ref={el}
      // The country's proportions (about 5:4 on the map) at any width: no empty bands on a phone.
      style={{
        width: "100%",
        aspectRatio: "5 / 4",
        maxHeight: "min(70vh, 640px)",
        minHeight: 240,
        borderRadius: 4,
        overflow: "hidden",
      }}
      data-testid="map"
      data-ready={ready ? "true" : undefined}
      aria-label={t("a11y.map")}
    />
  );
}
