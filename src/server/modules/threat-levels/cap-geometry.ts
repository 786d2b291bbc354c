/**
 * Areas of CAP documents from the shipped boundaries (data/regions-adm1.geojson,
 * data/districts-adm2.geojson through the registry's `loadGeo`): each unit's outer rings simplified by
 * Douglas–Peucker to at most a few hundred points, closed, written as CAP 1.2 requires — "lat,lon"
 * pairs separated by spaces, the first pair repeated last (OASIS CAP 1.2 §3.3.4.2). Holes are left
 * out (CAP polygons have none); islands much smaller than the main part are dropped. Memoised per unit.
 */
import { loadGeo } from "../registry";

type Point = readonly [number, number]; // [lon, lat]

/** Squared distance from p to the segment a–b (degrees; enough at these scales). */
function segmentDistance2(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Douglas–Peucker over an open polyline (iterative: rings have thousands of points). */
export function douglasPeucker(points: readonly Point[], tolerance: number): Point[] {
  if (points.length <= 2) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const tol2 = tolerance * tolerance;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [from, to] = stack.pop()!;
    let worst = -1;
    let worstD = tol2;
    for (let i = from + 1; i < to; i++) {
      const d = segmentDistance2(points[i], points[from], points[to]);
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([from, worst], [worst, to]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

/**
 * A closed ring with at most `maxPoints` points (first = last), or null when it collapses. A ring is
 * split at its point farthest from the start so that both halves keep their shape.
 */
export function simplifyRing(ring: readonly Point[], maxPoints: number): Point[] | null {
  const open =
    ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1]
      ? ring.slice(0, -1)
      : [...ring];
  if (open.length < 3) return null;
  let far = 0;
  let farD = -1;
  for (let i = 1; i < open.length; i++) {
    const d = (open[i][0] - open[0][0]) ** 2 + (open[i][1] - open[0][1]) ** 2;
    if (d > farD) {
      far = i;
      farD = d;
    }
  }
  let tolerance = 0.0005;
  for (;;) {
    const a = douglasPeucker(open.slice(0, far + 1), tolerance);
    const b = douglasPeucker([...open.slice(far), open[0]], tolerance);
    const closed = [...a, ...b.slice(1)];
    if (closed.length <= maxPoints || tolerance > 1) {
      if (closed.length < 4) return null;
      return closed;
    }
    tolerance *= 1.6;
  }
}

/** Shoelace area of a ring (square degrees, unsigned): to drop slivers beside the main part. */
function ringArea(ring: readonly Point[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  return Math.abs(s / 2);
}

/** "lat,lon lat,lon …" with five decimals (about a metre). */
export function capPolygonText(ring: readonly Point[]): string {
  return ring.map(([lon, lat]) => `${lat.toFixed(5)},${lon.toFixed(5)}`).join(" ");
}

type GeoGeometry = ReturnType<typeof loadGeo>["features"][number]["geometry"];

/** The CAP polygons of a geometry: outer rings, islands under 2 % of the largest part dropped, ≤ 8 parts. */
export function capPolygonsOf(geometry: GeoGeometry, maxPoints: number): string[] {
  const outers: Point[][] =
    geometry.type === "Polygon"
      ? [geometry.coordinates[0] as unknown as Point[]]
      : geometry.type === "MultiPolygon"
        ? geometry.coordinates.map((p) => p[0] as unknown as Point[])
        : [];
  const withArea = outers.map((r) => ({ r, area: ringArea(r) })).sort((a, b) => b.area - a.area);
  const largest = withArea[0]?.area ?? 0;
  return withArea
    .filter((x) => x.area >= largest * 0.02)
    .slice(0, 8)
    .map((x) => simplifyRing(x.r, maxPoints))
    .filter((r): r is Point[] => r !== null)
    .map(capPolygonText);
}

const memo = new Map<string, string[]>();

/**
 * The CAP polygons of a territory by code: a region's or a district's boundary; the whole country as
 * its regions (fewer points each); none for the maritime zone and units below districts (no boundary
 * is shipped for them — the area then carries its geocode only).
 */
export function capPolygonsFor(code: string): string[] {
  const hit = memo.get(code);
  if (hit) return hit;
  let out: string[] = [];
  if (code === "KZ") {
    out = loadGeo("regions").features.flatMap((f) => capPolygonsOf(f.geometry, 60));
  } else {
    const f =
      loadGeo("regions").features.find((x) => x.properties.kato === code) ??
      loadGeo("districts").features.find((x) => x.properties.kato === code);
    if (f) out = capPolygonsOf(f.geometry, 250);
  }
  memo.set(code, out);
  return out;
}
