/**
 * The operating picture's layers. Each layer is one small definition — where its data comes from (the
 * owning module's scoped endpoint), how it becomes GeoJSON, how MapLibre draws it, its legend and which
 * page a click opens — so a new layer (vulnerable objects, forces and beds) is one more entry here and
 * OperatingMap draws whatever this list holds. Layers whose endpoint the server does not offer (a 404
 * on the route itself) are shown as unavailable rather than failing the page.
 */
import { useQuery } from "@tanstack/react-query";
import type { LayerSpecification } from "maplibre-gl";
import { FINAL_STATUSES, type IncidentType } from "../../../domain/incidents";
import { LEVEL_SWATCH, threatLevels } from "../../../domain/threat-levels";
import { api, ok, queryString } from "../../api/client";

export type Feature = {
  type: "Feature";
  properties: Record<string, string | number | boolean | null>;
  geometry: { type: string; coordinates: unknown };
};
export type Collection = { type: "FeatureCollection"; features: Feature[] };
type Unit = { properties: { kato: string }; geometry: unknown };
export type Boundaries = { regions: { features: Unit[] }; districts: { features: Unit[] } };

export type LayerFilters = {
  /** ISO instant: records from then on; null for all time. */
  from: string | null;
  /** Report types to show; all when empty. */
  types: IncidentType[];
  /** The territory the reader chose (narrows layers that need one). */
  territory: string | null;
  /** The reader's own territories (their grants), for layers asked per territory. */
  home: string[];
};

export type LayerData = {
  collection: Collection;
  state: "loading" | "ready" | "unavailable" | "error";
  /** How many records matched in all (may be more than drawn). */
  total?: number;
};

export type LegendEntry = { color: string; labelKey: string; shape: "dot" | "area" };

export type MapLayer = {
  id: string;
  titleKey: string;
  /** R-ids (or laws) behind the layer, shown in the legend. */
  basis: string;
  legend: LegendEntry[];
  /** Draw points as clusters (MapLibre's GeoJSON source clustering). */
  cluster?: boolean;
  /** Switched on when the page opens. */
  initiallyOn: boolean;
  useData: (enabled: boolean, f: LayerFilters, geo: Boundaries | undefined) => LayerData;
  /** MapLibre layers drawing the source `src` (ids must start with `src`). */
  style: (src: string) => LayerSpecification[];
  /** Ids (of `style`) whose features open a record when clicked. */
  clickable: (src: string) => string[];
  /** The page a clicked feature opens. */
  hrefOf?: (p: Record<string, unknown>) => string | null;
};

const EMPTY: Collection = { type: "FeatureCollection", features: [] };

/**
 * GET a layer endpoint that may not be on this server (a module not installed) or not for this reader:
 * 404 → null, drawn as "unavailable".
 */
async function getOptional(path: string, query: Record<string, unknown>): Promise<unknown | null> {
  const q = queryString(query);
  const res = await fetch(`${path}${q ? `?${q}` : ""}`, { credentials: "same-origin" });
  if (res.status === 404 || res.status === 403) return null;
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

const point = (lon: number, lat: number) => ({ type: "Point", coordinates: [lon, lat] });

function stateOf(
  q: { isPending: boolean; isError: boolean; data?: unknown },
  enabled: boolean,
): LayerData["state"] {
  if (!enabled) return "ready";
  if (q.isError) return "error";
  if (q.isPending) return "loading";
  return q.data === null ? "unavailable" : "ready";
}

/* ------------------------------------------------------------------------------------------- reports */

export const REPORT_COLORS = {
  received: "#e03131",
  working: "#f08c00",
  linked: "#7048e8",
  final: "#868e96",
} as const;

const reportGroup = (status: string) =>
  status === "received"
    ? "received"
    : status === "linked"
      ? "linked"
      : FINAL_STATUSES.includes(status as never)
        ? "final"
        : "working";

const reports: MapLayer = {
  id: "reports",
  titleKey: "map.layer.reports",
  basis: "R16, R18",
  initiallyOn: true,
  cluster: true,
  legend: [
    { color: REPORT_COLORS.received, labelKey: "map.legend.received", shape: "dot" },
    { color: REPORT_COLORS.working, labelKey: "map.legend.working", shape: "dot" },
    { color: REPORT_COLORS.linked, labelKey: "map.legend.linked", shape: "dot" },
    { color: REPORT_COLORS.final, labelKey: "map.legend.final", shape: "dot" },
    { color: "#1c7ed6", labelKey: "map.legend.cluster", shape: "dot" },
  ],
  useData(enabled, f) {
    const q = useQuery({
      queryKey: ["map", "reports", f.from, f.types.join(",")],
      queryFn: () =>
        ok(
          api.GET("/api/incidents/map", {
            params: {
              query: { from: f.from ?? undefined, types: f.types.length ? f.types.join(",") : undefined },
            },
          }),
        ),
      enabled,
      refetchInterval: 30_000,
    });
    const collection: Collection = {
      type: "FeatureCollection",
      features: (q.data?.items ?? []).map((r) => ({
        type: "Feature",
        properties: {
          id: r.id,
          regNumber: r.regNumber,
          type: r.type,
          status: r.status,
          group: reportGroup(r.status),
          approximate: r.approximate,
        },
        geometry: point(r.lon, r.lat),
      })),
    };
    return { collection, state: stateOf(q, enabled), total: q.data?.items.length };
  },
  style: (src) => [
    {
      id: `${src}-clusters`,
      type: "circle",
      source: src,
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#1c7ed6",
        "circle-opacity": 0.75,
        "circle-radius": ["step", ["get", "point_count"], 10, 10, 14, 100, 18, 1000, 24],
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 2,
      },
    },
    {
      id: `${src}-points`,
      type: "circle",
      source: src,
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": [
          "match",
          ["get", "group"],
          "received",
          REPORT_COLORS.received,
          "working",
          REPORT_COLORS.working,
          "linked",
          REPORT_COLORS.linked,
          REPORT_COLORS.final,
        ],
        "circle-radius": 7,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": ["case", ["get", "approximate"], 1, 2],
        "circle-opacity": ["case", ["get", "approximate"], 0.6, 1],
      },
    },
  ],
  clickable: (src) => [`${src}-points`],
  hrefOf: (p) => (typeof p.id === "string" ? `/response/${p.id}` : null),
};

/* ----------------------------------------------------------------------------------- operation zones */

/** A zone's territories drawn by their shipped boundaries (a MultiPolygon of all their polygons). */
function zoneGeometry(codes: (string | null)[], geo: Boundaries | undefined) {
  if (!geo) return null;
  const byCode = new Map<string, Unit>();
  for (const u of [...geo.regions.features, ...geo.districts.features]) byCode.set(u.properties.kato, u);
  const polys: unknown[] = [];
  for (const c of new Set(codes)) {
    const g = c
      ? (byCode.get(c)?.geometry as { type: string; coordinates: unknown[] } | undefined)
      : undefined;
    if (!g) continue;
    if (g.type === "Polygon") polys.push(g.coordinates);
    else if (g.type === "MultiPolygon") polys.push(...g.coordinates);
  }
  return polys.length ? { type: "MultiPolygon", coordinates: polys } : null;
}

const zones: MapLayer = {
  id: "zones",
  titleKey: "map.layer.zones",
  basis: "R17, R18",
  initiallyOn: true,
  legend: [
    { color: "#e8590c", labelKey: "map.legend.zoneActive", shape: "area" },
    { color: "#868e96", labelKey: "map.legend.zoneEnded", shape: "area" },
  ],
  useData(enabled, f, geo) {
    const q = useQuery({
      queryKey: ["map", "zones", f.from],
      queryFn: () => ok(api.GET("/api/operations/map", { params: { query: { from: f.from ?? undefined } } })),
      enabled,
      refetchInterval: 60_000,
    });
    const features: Feature[] = [];
    for (const op of q.data?.items ?? []) {
      const geometry =
        op.zoneArea ??
        zoneGeometry(
          op.zone.map((z) => z.boundaryCode),
          geo,
        );
      if (!geometry) continue;
      features.push({
        type: "Feature",
        properties: {
          id: op.id,
          number: op.number,
          title: op.title,
          status: op.status,
          drawn: !!op.zoneArea,
        },
        geometry,
      });
    }
    return {
      collection: { type: "FeatureCollection", features },
      state: stateOf(q, enabled),
      total: q.data?.items.length,
    };
  },
  style: (src) => [
    {
      id: `${src}-fill`,
      type: "fill",
      source: src,
      paint: {
        "fill-color": ["match", ["get", "status"], "active", "#e8590c", "#868e96"],
        "fill-opacity": 0.25,
      },
    },
    {
      id: `${src}-line`,
      type: "line",
      source: src,
      paint: {
        "line-color": ["match", ["get", "status"], "active", "#d9480f", "#868e96"],
        "line-width": 2,
      },
    },
  ],
  clickable: (src) => [`${src}-fill`],
  hrefOf: (p) => (typeof p.id === "string" ? `/operations/${p.id}` : null),
};

/* ------------------------------------------------------------------------------------- threat levels */

const threat: MapLayer = {
  id: "threat",
  titleKey: "map.layer.threat",
  basis: "R6, R10.1",
  initiallyOn: false,
  legend: threatLevels.map((l) => ({
    color: LEVEL_SWATCH[l].fill,
    labelKey: `threatLevel.${l}`,
    shape: "area" as const,
  })),
  useData(enabled, _f, geo) {
    const q = useQuery({
      queryKey: ["threat-levels", "current"],
      queryFn: () => ok(api.GET("/api/threat-levels/current")),
      enabled,
    });
    const level = new Map<string, string>();
    for (const x of q.data?.items ?? []) if (x.level) level.set(x.territory.code, x.level);
    const national = level.get("KZ");
    const features: Feature[] = [];
    for (const u of geo?.regions.features ?? []) {
      const l = level.get(u.properties.kato) ?? national;
      if (!l) continue;
      features.push({
        type: "Feature",
        properties: {
          code: u.properties.kato,
          level: l,
          color: LEVEL_SWATCH[l as keyof typeof LEVEL_SWATCH].fill,
        },
        geometry: u.geometry as Feature["geometry"],
      });
    }
    return {
      collection: { type: "FeatureCollection", features },
      state: stateOf(q, enabled),
      total: features.length,
    };
  },
  style: (src) => [
    {
      id: `${src}-fill`,
      type: "fill",
      source: src,
      paint: { "fill-color": ["get", "color"], "fill-opacity": 0.45 },
    },
  ],
  clickable: () => [],
};

/* -------------------------------------------------------------------------------- vulnerable objects */

type ObjectsAnswer = {
  points?: { id: string; category: string; lat: number; lon: number }[];
  clusters?: { lat: number; lon: number; count: number }[];
  total?: number;
};

const objects: MapLayer = {
  id: "objects",
  titleKey: "map.layer.objects",
  basis: "R10.5",
  initiallyOn: true,
  cluster: true,
  legend: [
    { color: "#2b8a3e", labelKey: "map.legend.object", shape: "dot" },
    { color: "#1c7ed6", labelKey: "map.legend.cluster", shape: "dot" },
  ],
  useData(enabled, f) {
    const q = useQuery({
      queryKey: ["map", "objects", f.territory],
      queryFn: () =>
        getOptional("/api/objects/map", {
          territory: f.territory ?? undefined,
          maxPoints: 5000,
        }) as Promise<ObjectsAnswer | null>,
      enabled,
      retry: false,
    });
    const features: Feature[] = [
      ...(q.data?.points ?? []).map((o) => ({
        type: "Feature" as const,
        properties: { id: o.id, category: o.category },
        geometry: point(o.lon, o.lat),
      })),
      // Already clustered by the server (too many in view): drawn as clusters of that size.
      ...(q.data?.clusters ?? []).map((c) => ({
        type: "Feature" as const,
        properties: { point_count: c.count, serverCluster: true },
        geometry: point(c.lon, c.lat),
      })),
    ];
    return {
      collection: { type: "FeatureCollection", features },
      state: stateOf(q, enabled),
      total: q.data?.total,
    };
  },
  style: (src) => [
    {
      id: `${src}-clusters`,
      type: "circle",
      source: src,
      filter: ["has", "point_count"],
      paint: {
        "circle-color": "#1c7ed6",
        "circle-opacity": 0.6,
        "circle-radius": ["step", ["get", "point_count"], 10, 10, 14, 100, 18, 1000, 24],
        "circle-stroke-color": "#2b8a3e",
        "circle-stroke-width": 2,
      },
    },
    {
      id: `${src}-points`,
      type: "circle",
      source: src,
      filter: ["!", ["has", "point_count"]],
      paint: {
        "circle-color": "#2b8a3e",
        "circle-radius": 5,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      },
    },
  ],
  clickable: (src) => [`${src}-points`],
  hrefOf: (p) => (typeof p.id === "string" ? `/objects/${p.id}` : null),
};

/* ------------------------------------------------------------------------ forces and health organisations */

type ForcesAnswer = {
  items?: {
    id: string;
    lat: number | null;
    lon: number | null;
    readinessState?: string;
    beds?: { free: number }[];
  }[];
};

export const READINESS_COLORS: Record<string, string> = {
  ready: "#2f9e44",
  limited: "#f59f00",
  unavailable: "#e03131",
  stale: "#adb5bd",
  unknown: "#adb5bd",
};

const forces: MapLayer = {
  id: "forces",
  titleKey: "map.layer.forces",
  basis: "R22, R23",
  initiallyOn: false,
  legend: [
    { color: READINESS_COLORS.ready, labelKey: "map.legend.ready", shape: "dot" },
    { color: READINESS_COLORS.limited, labelKey: "map.legend.limited", shape: "dot" },
    { color: READINESS_COLORS.unavailable, labelKey: "map.legend.unavailable", shape: "dot" },
    { color: READINESS_COLORS.unknown, labelKey: "map.legend.readinessUnknown", shape: "dot" },
  ],
  useData(enabled, f) {
    const territories = f.territory ? [f.territory] : f.home.slice(0, 5);
    const q = useQuery({
      queryKey: ["map", "forces", territories.join(",")],
      queryFn: async () => {
        const answers = await Promise.all(
          territories.map((territory) => getOptional("/api/consequences/forces", { territory })),
        );
        if (answers.every((a) => a === null)) return null;
        const seen = new Set<string>();
        return answers
          .flatMap((a) => (a as ForcesAnswer | null)?.items ?? [])
          .filter((x) => !seen.has(x.id) && seen.add(x.id));
      },
      enabled: enabled && territories.length > 0,
      retry: false,
    });
    const features: Feature[] = (q.data ?? [])
      .filter((x) => x.lat !== null && x.lon !== null)
      .map((x) => ({
        type: "Feature" as const,
        properties: {
          id: x.id,
          readiness: x.readinessState ?? "unknown",
          freeBeds: (x.beds ?? []).reduce((n, b) => n + b.free, 0),
          health: (x.beds ?? []).length > 0,
        },
        geometry: point(x.lon as number, x.lat as number),
      }));
    return {
      collection: { type: "FeatureCollection", features },
      state: territories.length === 0 ? "ready" : stateOf(q, enabled),
      total: q.data?.length,
    };
  },
  style: (src) => [
    {
      id: `${src}-points`,
      type: "circle",
      source: src,
      paint: {
        "circle-color": [
          "match",
          ["get", "readiness"],
          "ready",
          READINESS_COLORS.ready,
          "limited",
          READINESS_COLORS.limited,
          "unavailable",
          READINESS_COLORS.unavailable,
          READINESS_COLORS.unknown,
        ],
        // Health organisations (with beds) drawn as larger squares-ish rings: bigger, white-ringed.
        "circle-radius": ["case", ["get", "health"], 8, 6],
        "circle-stroke-color": ["case", ["get", "health"], "#1864ab", "#ffffff"],
        "circle-stroke-width": 2,
      },
    },
  ],
  clickable: (src) => [`${src}-points`],
  hrefOf: (p) => (typeof p.id === "string" ? `/registry/${p.id}` : null),
};

/** Drawn bottom to top. */
export const MAP_LAYERS: readonly MapLayer[] = [threat, zones, forces, objects, reports];

export { EMPTY as EMPTY_COLLECTION };
