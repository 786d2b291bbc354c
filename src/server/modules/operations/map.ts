/**
 * The operation-zones layer of the operating picture (R17, R18): operations the reader may read (the
 * list's scope, `operationReadScope`) whose regime overlaps the window, each with its zone — the drawn
 * area when there is one, and the zone's territories with the unit whose shipped boundary draws each.
 */

import { and, desc, eq, gte, isNull, lt, or, type SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  type OperationMap,
  type OperationMapQuery,
  operationMap,
  operationMapQuery,
} from "../../../domain/contracts/map";
import type { OperationStatus } from "../../../domain/operations";
import type { Actor } from "../../../domain/roles";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { namesOf } from "../../platform/sql";
import { boundaryCodeOfPath, territoriesByCodes } from "../registry";
import { operationReadScope } from "./operations.service";
import { operation } from "./operations.tables";

/** Zones drawn at once at most (newest first). */
const MAX_ZONES = 500;

export async function operationMapLayer(
  database: Database,
  actor: Actor,
  q: OperationMapQuery,
): Promise<OperationMap> {
  const conds: SQL[] = [operationReadScope(database, actor)];
  if (q.status) conds.push(eq(operation.status, q.status));
  if (q.to) conds.push(lt(operation.regimeStartedAt, new Date(q.to)));
  if (q.from) conds.push(or(isNull(operation.endedAt), gte(operation.endedAt, new Date(q.from)))!);
  const rows = await database.db
    .select()
    .from(operation)
    .where(and(...conds))
    .orderBy(desc(operation.regimeStartedAt))
    .limit(MAX_ZONES);
  const codes = [...new Set(rows.flatMap((r) => r.zoneTerritories))];
  const territories = new Map((await territoriesByCodes(database.db, codes)).map((t) => [t.code, t]));
  return {
    items: rows.map((op) => ({
      id: op.id,
      number: op.number,
      title: op.title,
      status: op.status as OperationStatus,
      regimeStartedAt: op.regimeStartedAt.toISOString(),
      endedAt: op.endedAt?.toISOString() ?? null,
      zone: op.zoneTerritories.map((code) => {
        const t = territories.get(code);
        return {
          code,
          names: t ? namesOf(t) : { kk: code, ru: code, en: code },
          boundaryCode: t ? boundaryCodeOfPath(t.path) : null,
        };
      }),
      zoneArea: (op.zoneArea as OperationMap["items"][number]["zoneArea"]) ?? null,
    })),
  };
}

export async function operationMapRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/operations/map",
    {
      schema: {
        operationId: "operationMap",
        tags: ["operations", "map"],
        description:
          "The operation-zones layer of the operating picture: operations the reader may see (R17, R18) whose " +
          "regime overlaps [from, to), with their zone (drawn area, territories and the boundaries that draw them).",
        querystring: operationMapQuery,
        response: { 200: operationMap, 400: errorResponse, 401: errorResponse },
      },
    },
    async (req) => operationMapLayer(database, requireUser(req).user.actor, req.query),
  );
}
