/** Lookups of seeded records through the API (tests never assume ids). */
import { expect } from "vitest";
import type { Client } from "./http";

export const ALMATY = "750000000";
export const ASTANA = "710000000";

export async function findBodyId(c: Client, query: string): Promise<string> {
  const res = await c.get(`/api/bodies?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  const items = res.json().items as { id: string }[];
  expect(items.length, `no body for ${query}`).toBeGreaterThan(0);
  return items[0].id;
}
