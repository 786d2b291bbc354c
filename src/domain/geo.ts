/**
 * Plane geometry over the shipped boundaries (WGS84 longitude/latitude, GeoJSON RFC 7946): is a point
 * inside a unit, how far from its edge, the box around it. Pure; used by the server (the report's point
 * against its territory, the gazetteer match, the map's bbox) and the web (the place picker's warning,
 * zooming to a territory).
 *
 * Distances are approximate (an equirectangular projection around the point): good to a few metres at
 * the scale of a district, which is all a tolerance at a simplified boundary needs.
 */

export type Position = number[];
export type PolygonGeometry =
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };
export type AnyGeometry = PolygonGeometry | { type: "Point"; coordinates: Position };

/** [west, south, east, north] in degrees. */
export type Bbox = [number, number, number, number];

/** Kazakhstan with a margin (the Caspian shelf included): every shipped boundary lies inside it. */
export const KZ_BBOX: Bbox = [46.4, 40.5, 87.4, 55.5];

/**
 * How far outside a unit's shipped boundary a point may be and still count as in it: the geokz
 * polygons are simplified, and a settlement on the line may fall a little outside.
 */
export const BOUNDARY_TOLERANCE_KM = 3;

const KM_PER_DEGREE = 111.32;

/** Ray casting (even–odd) over one ring; a point exactly on an edge may go either way. */
export function inRing(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const polygonsOf = (g: PolygonGeometry): Position[][][] =>
  g.type === "Polygon" ? [g.coordinates] : g.coordinates;

/** Inside the outer ring of some polygon and in none of its holes. */
export function pointInGeometry(g: PolygonGeometry, lon: number, lat: number): boolean {
  return polygonsOf(g).some(
    ([outer, ...holes]) =>
      outer !== undefined && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat)),
  );
}

/** Shortest distance in km from the point to any edge of the geometry's rings. */
export function distanceToEdgeKm(g: PolygonGeometry, lon: number, lat: number): number {
  const kx = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
  const ky = KM_PER_DEGREE;
  let best = Number.POSITIVE_INFINITY;
  for (const poly of polygonsOf(g))
    for (const ring of poly)
      for (let i = 1; i < ring.length; i++) {
        const ax = (ring[i - 1][0] - lon) * kx;
        const ay = (ring[i - 1][1] - lat) * ky;
        const bx = (ring[i][0] - lon) * kx;
        const by = (ring[i][1] - lat) * ky;
        const dx = bx - ax;
        const dy = by - ay;
        const len = dx * dx + dy * dy;
        const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
        const d = Math.hypot(ax + t * dx, ay + t * dy);
        if (d < best) best = d;
      }
  return best;
}

/** In the unit, or within `toleranceKm` of its boundary. */
export function pointNearGeometry(
  g: PolygonGeometry,
  lon: number,
  lat: number,
  toleranceKm = BOUNDARY_TOLERANCE_KM,
): boolean {
  const box = bboxOf(g);
  const margin = toleranceKm / (KM_PER_DEGREE * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
  if (lon < box[0] - margin || lon > box[2] + margin || lat < box[1] - margin || lat > box[3] + margin)
    return false;
  return pointInGeometry(g, lon, lat) || distanceToEdgeKm(g, lon, lat) <= toleranceKm;
}

/** The box around a geometry (or a point). */
export function bboxOf(g: AnyGeometry): Bbox {
  if (g.type === "Point") return [g.coordinates[0], g.coordinates[1], g.coordinates[0], g.coordinates[1]];
  const box: Bbox = [180, 90, -180, -90];
  for (const poly of polygonsOf(g))
    for (const [lon, lat] of poly[0] ?? []) {
      if (lon < box[0]) box[0] = lon;
      if (lat < box[1]) box[1] = lat;
      if (lon > box[2]) box[2] = lon;
      if (lat > box[3]) box[3] = lat;
    }
  return box;
}

/** A box of `km` around a point (to zoom to a settlement that has only a point). */
export function bboxAround(lon: number, lat: number, km: number): Bbox {
  const dy = km / KM_PER_DEGREE;
  const dx = km / (KM_PER_DEGREE * Math.max(0.1, Math.cos((lat * Math.PI) / 180)));
  return [lon - dx, lat - dy, lon + dx, lat + dy];
}

export function inBbox(b: Bbox, lon: number, lat: number): boolean {
  return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
}

/**
 * A bbox query parameter "west,south,east,north": four finite numbers, longitudes in −180…180,
 * latitudes in −90…90, west < east and south < north. null when it is not one.
 */
export function parseBbox(text: string): Bbox | null {
  const parts = text.split(",");
  if (parts.length !== 4 || parts.some((p) => p.trim() === "")) return null;
  const [w, s, e, n] = parts.map(Number);
  if (![w, s, e, n].every(Number.isFinite)) return null;
  if (w < -180 || e > 180 || s < -90 || n > 90 || w >= e || s >= n) return null;
  return [w, s, e, n];
}
