/**
 * What every map of the app shares: MapLibre loaded on demand with its worker shipped as an asset (no
 * tile server — the base is the shipped boundaries), its controls' labels in the page's language, and
 * fitting: the whole country (or the chosen box) kept in view at any size, re-fitted when the map's box
 * changes size until the reader moves the map.
 */

import type { LngLatBoundsLike, Map as MlMap } from "maplibre-gl";
// MapLibre 6 runs its worker from a separate module file: ship it as an asset and point MapLibre at it.
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { type Bbox, KZ_BBOX } from "../../../domain/geo";

export async function loadMaplibre() {
  const maplibre = await import("maplibre-gl");
  maplibre.setWorkerUrl(workerUrl);
  return maplibre;
}

/** MapLibre's own labels (canvas, attribution button, zoom buttons) in the page's language. */
export { mapLocale } from "../../components/mapLocale";

/** Padding that leaves the box visible on a small map too (never more than a tenth of a side). */
function paddingFor(m: MlMap) {
  const c = m.getContainer();
  const p = Math.max(2, Math.min(24, Math.floor(Math.min(c.clientWidth, c.clientHeight) / 10)));
  return { top: p, bottom: p, left: p, right: p };
}

/** Fit a box (the country when none): all of it visible, whatever the map's proportions. */
export function fitBox(
  m: MlMap,
  box: Bbox | null | undefined,
  opts: { maxZoom?: number; animate?: boolean } = {},
) {
  const b = box ?? KZ_BBOX;
  m.fitBounds(b as LngLatBoundsLike, {
    padding: paddingFor(m),
    maxZoom: opts.maxZoom ?? 12,
    animate: opts.animate ?? false,
  });
}

/**
 * Keep the map fitted while its box changes size (a phone turned, a side panel opened, a grid column
 * that settles after the first paint): `target()` gives the box to keep in view. Stops re-fitting once
 * the reader drags or zooms the map themselves. Returns the stop function.
 */
export function keepFitted(m: MlMap, target: () => Bbox | null | undefined): () => void {
  let moved = false;
  const onMove = (e: { originalEvent?: unknown }) => {
    if (e.originalEvent) moved = true;
  };
  m.on("movestart", onMove);
  const ro = new ResizeObserver(() => {
    m.resize();
    if (!moved) fitBox(m, target());
  });
  ro.observe(m.getContainer());
  return () => {
    ro.disconnect();
    m.off("movestart", onMove);
  };
}

/** An empty GeoJSON source (a layer with nothing to draw yet). */
export const EMPTY_FC = { type: "FeatureCollection" as const, features: [] as never[] };
