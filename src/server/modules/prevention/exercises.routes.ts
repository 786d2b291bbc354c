/**
 * Exercises, drills and trainings (R10.2, R10.3):
 * thin routes — contracts, the signed-in user, one service call.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  createExerciseBody,
  exerciseList,
  exerciseListQuery,
  exerciseResultBody,
  exerciseView,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as exercises from "./exercises.service";
import { errors } from "./route-errors";

export async function exerciseRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const _tags = ["prevention"];
  const etags = ["exercises"];
  r.post(
    "/api/exercises",
    {
      schema: {
        operationId: "createExercise",
        tags: etags,
        body: createExerciseBody,
        response: { 201: exerciseView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await exercises.createExercise(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/exercises",
    {
      schema: {
        operationId: "listExercises",
        tags: etags,
        querystring: exerciseListQuery,
        response: { 200: exerciseList, ...errors },
      },
    },
    async (req) => exercises.listExercises(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/exercises/:id",
    {
      schema: {
        operationId: "getExercise",
        tags: etags,
        params: idParam,
        response: { 200: exerciseView, ...errors },
      },
    },
    async (req) => exercises.getExercise(database, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/exercises/:id/result",
    {
      schema: {
        operationId: "recordExercise",
        tags: etags,
        params: idParam,
        body: exerciseResultBody,
        response: { 200: exerciseView, ...errors },
      },
    },
    async (req) => exercises.recordExercise(database, requireUser(req), req.params.id, req.body),
  );
}
