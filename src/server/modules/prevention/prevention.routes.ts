/** Prevention routes (issue #4): plans of measures. Thin — contracts, the signed-in user, the service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  approvePlanBody,
  createPlanBody,
  measureBody,
  planDetail,
  planList,
  planListQuery,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as prevention from "./prevention.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function preventionRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["prevention"];
  r.post(
    "/api/plans",
    {
      schema: {
        operationId: "createPlan",
        tags,
        body: createPlanBody,
        response: { 201: planDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await prevention.createPlan(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/plans",
    {
      schema: {
        operationId: "listPlans",
        tags,
        querystring: planListQuery,
        response: { 200: planList, ...errors },
      },
    },
    async (req) => prevention.listPlans(database, requireUser(req).user.actor, req.query.year),
  );
  r.get(
    "/api/plans/:id",
    { schema: { operationId: "getPlan", tags, params: idParam, response: { 200: planDetail, ...errors } } },
    async (req) => prevention.getPlan(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/plans/:id/measures",
    {
      schema: {
        operationId: "addPlanMeasure",
        tags,
        params: idParam,
        body: measureBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => prevention.addMeasure(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/plans/:id/approve",
    {
      schema: {
        operationId: "approvePlan",
        tags,
        params: idParam,
        body: approvePlanBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => prevention.approvePlan(database, requireUser(req), req.params.id, req.body),
  );
}
