/** Plane geometry of the offline map (src/domain/geo.ts): point in polygon, edge distance, boxes. */
import { describe, expect, it } from "vitest";
import {
  bboxAround,
  bboxOf,
  distanceToEdgeKm,
  inRing,
  parseBbox,
  pointInGeometry,
  pointNearGeometry,
} from "../../src/domain/geo";
import { loadGeo } from "../../src/server/modules/registry/territories.import";

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe("point in polygon (ray casting)", () => {
  it("tells inside from outside a square, and across a concave notch", () => {
    const ring = square(70, 45, 72, 47);
    expect(inRing(ring, 71, 46)).toBe(true);
    expect(inRing(ring, 73, 46)).toBe(false);
    expect(inRing(ring, 71, 44.9)).toBe(false);
    // A "U": the notch between its arms is outside.
    const u = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ];
    expect(inRing(u, 1.5, 2)).toBe(false);
    expect(inRing(u, 0.5, 2)).toBe(true);
    expect(inRing(u, 2.5, 2)).toBe(true);
    expect(inRing(u, 1.5, 0.5)).toBe(true);
  });

  it("leaves holes out and takes any part of a multipolygon", () => {
    const withHole = { type: "Polygon" as const, coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6)] };
    expect(pointInGeometry(withHole, 5, 5)).toBe(false);
    expect(pointInGeometry(withHole, 2, 2)).toBe(true);
    const multi = {
      type: "MultiPolygon" as const,
      coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]],
    };
    expect(pointInGeometry(multi, 5.5, 5.5)).toBe(true);
    expect(pointInGeometry(multi, 3, 3)).toBe(false);
  });

  it("measures the distance to the edge in km and allows a tolerance outside it", () => {
    const g = { type: "Polygon" as const, coordinates: [square(70, 45, 72, 47)] };
    // 0.01° of longitude east of the edge at 46° N ≈ 0.77 km.
    expect(distanceToEdgeKm(g, 72.01, 46)).toBeCloseTo(0.773, 2);
    expect(pointNearGeometry(g, 72.01, 46, 1)).toBe(true);
    expect(pointNearGeometry(g, 72.05, 46, 1)).toBe(false);
    expect(pointNearGeometry(g, 71, 46, 0)).toBe(true);
  });

  it("judges real places against the shipped boundaries (Almaty's Medeu district, Astana)", () => {
    const districts = new Map(loadGeo("districts").features.map((f) => [f.properties.kato, f.geometry]));
    const regions = new Map(loadGeo("regions").features.map((f) => [f.properties.kato, f.geometry]));
    const medeu = districts.get("751710000") as never;
    const astana = regions.get("710000000") as never;
    expect(medeu).toBeDefined();
    // Medeu's akimat building area (Almaty) is in Medeu; Astana's Baiterek is 970 km away from it.
    expect(pointNearGeometry(medeu, 76.96, 43.24)).toBe(true);
    expect(pointNearGeometry(medeu, 71.43, 51.13)).toBe(false);
    expect(pointNearGeometry(astana, 71.43, 51.13)).toBe(true);
    expect(pointNearGeometry(astana, 76.96, 43.24)).toBe(false);
  });
});

describe("boxes", () => {
  it("boxes a polygon and a point", () => {
    expect(bboxOf({ type: "Polygon", coordinates: [square(70, 45, 72, 47)] })).toEqual([70, 45, 72, 47]);
    expect(bboxOf({ type: "Point", coordinates: [71, 46] })).toEqual([71, 46, 71, 46]);
    const b = bboxAround(71, 46, 10);
    expect(b[3] - b[1]).toBeCloseTo(20 / 111.32, 5);
    expect(b[2] - b[0]).toBeGreaterThan(b[3] - b[1]);
  });

  it("parses a bbox parameter and refuses malformed or inverted ones", () => {
    expect(parseBbox("46.5,40.5,87.4,55.5")).toEqual([46.5, 40.5, 87.4, 55.5]);
    expect(parseBbox("46.5,40.5,87.4")).toBeNull();
    expect(parseBbox("87.4,40.5,46.5,55.5")).toBeNull();
    expect(parseBbox("46.5,55.5,87.4,40.5")).toBeNull();
    expect(parseBbox("a,b,c,d")).toBeNull();
    expect(parseBbox("46.5,,87.4,55.5")).toBeNull();
    expect(parseBbox("-200,0,10,10")).toBeNull();
    expect(parseBbox("Infinity,0,10,10")).toBeNull();
  });
});
