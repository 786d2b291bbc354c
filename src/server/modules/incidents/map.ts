/**
 * The reports layer of the operating picture (R16, R18): the reports the reader may see (the same
 * scope as the board, `readScope`), with a point — the reported one, or else their territory's from
 * the registry (a settlement's gazetteer point, or the centre of its unit's boundary), drawn as
 * approximate. Filtered by box, time of receipt, type and openness.
 */

import { and, desc, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  type IncidentMap,
  type IncidentMapQuery,
  incidentMap,
  incidentMapQuery,
  MAP_POINTS_MAX,
} from "../../../domain/contracts/map";
import { inBbox } from "../../../domain/geo";
import type { IncidentStatus, IncidentType } from "../../../domain/incidents";
import type { Actor } from "../../../domain/roles";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { territoryPoints } from "../registry";
import { readScope } from "./incidents.service";
import { incident } from "./incidents.tables";

export async function incidentMapLayer(
  database: Database,
  actor: Actor,
  q: IncidentMapQuery,
): Promise<IncidentMap> {
  const conds: SQL[] = [readScope(actor)];
  if (q.from) conds.push(gte(incident.receivedAt, new Date(q.from)));
  if (q.to) conds.push(lt(incident.receivedAt, new Date(q.to)));
  if (q.types?.length) conds.push(inArray(incident.type, q.types));
  if (q.open === "true") conds.push(sql`${incident.status} not in ('closed', 'handed_over', 'linked')`);
  if (q.bbox) {
    const [w, s, e, n] = q.bbox;
    // Reports without a point of their own are kept here and placed (and boxed) below.
    conds.push(
      sql`(${incident.lat} is null or ${incident.lon} is null or (${incident.lon} between ${w} and ${e} and ${incident.lat} between ${s} and ${n}))`,
    );
  }
  const rows = await database.db
    .select({
      id: incident.id,
      regNumber: incident.regNumber,
      type: incident.type,
      status: incident.status,
      receivedAt: incident.receivedAt,
      lat: incident.lat,
      lon: incident.lon,
      territoryCode: incident.territoryCode,
    })
    .from(incident)
    .where(and(...conds))
    .orderBy(desc(incident.receivedAt), desc(incident.id))
    .limit(MAP_POINTS_MAX + 1);
  const truncated = rows.length > MAP_POINTS_MAX;
  const page = truncated ? rows.slice(0, MAP_POINTS_MAX) : rows;
  const unplaced = [
    ...new Set(page.filter((r) => r.lat === null || r.lon === null).map((r) => r.territoryCode)),
  ];
  const places = await territoryPoints(database.db, unplaced);
  const items: IncidentMap["items"] = [];
  let withoutPoint = 0;
  for (const r of page) {
    const own = r.lat !== null && r.lon !== null;
    const t = own ? undefined : places.get(r.territoryCode);
    const lon = own ? r.lon : (t?.lon ?? null);
    const lat = own ? r.lat : (t?.lat ?? null);
    if (lon === null || lat === null) {
      withoutPoint++;
      continue;
    }
    if (!own && q.bbox && !inBbox(q.bbox, lon, lat)) continue;
    items.push({
      id: r.id,
      regNumber: r.regNumber,
      type: r.type as IncidentType,
      status: r.status as IncidentStatus,
      receivedAt: r.receivedAt.toISOString(),
      lon,
      lat,
      approximate: !own,
    });
  }
  return { items, withoutPoint, truncated };
}

export async function incidentMapRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/incidents/map",
    {
      schema: {
        operationId: "incidentMap",
        tags: ["incidents", "map"],
        description:
          "The reports layer of the operating picture: reports the reader may see (R16, R18) with their point " +
          "(or their settlement's, marked approximate), newest first, at most 20,000.",
        querystring: incidentMapQuery,
        response: { 200: incidentMap, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => incidentMapLayer(database, requireUser(req).user.actor, req.query),
  );
}
