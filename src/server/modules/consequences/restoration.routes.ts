/** Restoring normal life on an activation (R20.4, R21.3, R21.4): thin — contracts, the signed-in user, one service call. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  damagedObjectBody,
  envCheckBody,
  idParam,
  restorationView,
  statementActionBody,
  statementBody,
  updateDamagedObjectBody,
} from "../../../domain/contracts/consequences";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as restoration from "./restoration.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export function restorationRoutes(app: FastifyInstance, database: Database) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["consequences"];
  r.get(
    "/api/consequences/activations/:id/restoration",
    {
      schema: {
        operationId: "consequenceRestoration",
        tags,
        description: "Damaged objects, environmental checks and public statements of an activation",
        params: idParam,
        response: { 200: restorationView, ...errors },
      },
    },
    async (req) => restoration.getRestoration(db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/consequences/activations/:id/damaged-objects",
    {
      schema: {
        operationId: "recordDamagedObject",
        tags,
        params: idParam,
        body: damagedObjectBody,
        response: { 201: restorationView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await restoration.addDamagedObject(database, requireUser(req), req.params.id, req.body)),
  );
  r.put(
    "/api/consequences/damaged-objects/:id",
    {
      schema: {
        operationId: "updateDamagedObject",
        tags,
        params: idParam,
        body: updateDamagedObjectBody,
        response: { 200: restorationView, ...errors },
      },
    },
    async (req) => restoration.updateDamagedObject(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/consequences/activations/:id/env-checks",
    {
      schema: {
        operationId: "recordEnvironmentalCheck",
        tags,
        params: idParam,
        body: envCheckBody,
        response: { 201: restorationView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await restoration.addEnvCheck(database, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    "/api/consequences/activations/:id/statements",
    {
      schema: {
        operationId: "draftPublicStatement",
        tags,
        params: idParam,
        body: statementBody,
        response: { 201: restorationView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await restoration.addStatement(database, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    "/api/consequences/statements/:id/actions",
    {
      schema: {
        operationId: "actOnPublicStatement",
        tags,
        description: "Approve (another person than the author) or withdraw a public statement (R21.3)",
        params: idParam,
        body: statementActionBody,
        response: { 200: restorationView, ...errors },
      },
    },
    async (req) => restoration.actOnStatement(database, requireUser(req), req.params.id, req.body),
  );
}
