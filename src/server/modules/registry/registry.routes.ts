/** Registry HTTP routes: thin — validate (zod contracts), resolve the user, call the service. */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse, okResponse } from "../../../domain/contracts/common";
import { territoryPlace } from "../../../domain/contracts/map";
import {
  addMemberBody,
  bodyDetail,
  bodyList,
  bodyListQuery,
  codeParam,
  createBodyBody,
  deleteBodyQuery,
  idParam,
  memberContact,
  membershipView,
  territoryDetail,
  territoryListItem,
  territoryListQuery,
  updateBodyBody,
  updateMemberBody,
} from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as members from "./memberships.service";
import * as registry from "./registry.service";
import { bodyIndexFor, stopBodyIndex } from "./search-read-model/body-index";
import * as territories from "./territories.service";
import { territoryPlace as placeOf } from "./territory-places";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function registryRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["registry"];
  // Embedded database: load the registry read model in the background once the server listens
  // (requests that come first wait for it; without a listener, as in tests, the first read loads it).
  app.addHook("onListen", async () => {
    setTimeout(() => {
      void bodyIndexFor(database, registry.basisOf)
        ?.then((i) => i.fresh())
        .catch(() => {});
    }, 50);
  });
  app.addHook("onClose", async () => stopBodyIndex(database));

  // Territories are public reference data (KATO): no sign-in needed.
  r.get(
    "/api/territories",
    {
      schema: {
        operationId: "listTerritories",
        tags,
        querystring: territoryListQuery,
        response: { 200: z.object({ items: z.array(territoryListItem) }), 400: errorResponse },
      },
    },
    async (req) => territories.listTerritories(database, req.query),
  );
  r.get(
    "/api/territories/:code",
    {
      schema: {
        operationId: "getTerritory",
        tags,
        params: codeParam,
        response: { 200: territoryDetail, ...errors },
      },
    },
    async (req) => territories.getTerritory(database, req.params.code),
  );
  r.get(
    "/api/territories/:code/place",
    {
      schema: {
        operationId: "getTerritoryPlace",
        tags,
        description:
          "Where a territory is on the offline map: the box to zoom to, its point (settlements placed from " +
          "the GeoNames gazetteer) and the shipped boundary a point reported in it must fall in.",
        params: codeParam,
        response: { 200: territoryPlace, ...errors },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "public, max-age=3600");
      return placeOf(database.db, req.params.code);
    },
  );

  r.get(
    "/api/bodies",
    {
      schema: {
        operationId: "listBodies",
        tags,
        querystring: bodyListQuery,
        response: { 200: bodyList, ...errors },
      },
    },
    async (req, reply) => {
      const list = await registry.listBodiesResponse(database, requireUser(req).user.actor, req.query);
      // Already serialised by the read model (bodyList's shape): Fastify sends JSON text as it is.
      if (typeof list === "string")
        return (reply as FastifyReply).type("application/json; charset=utf-8").send(list);
      return list;
    },
  );
  r.post(
    "/api/bodies",
    {
      schema: {
        operationId: "createBody",
        tags,
        body: createBodyBody,
        response: { 201: bodyDetail, ...errors },
      },
    },
    async (req, reply) => {
      const created = await registry.createBody(database, requireUser(req), req.body);
      return reply.status(201).send(created);
    },
  );
  r.get(
    "/api/bodies/:id",
    { schema: { operationId: "getBody", tags, params: idParam, response: { 200: bodyDetail, ...errors } } },
    async (req) => registry.getBody(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.patch(
    "/api/bodies/:id",
    {
      schema: {
        operationId: "updateBody",
        tags,
        params: idParam,
        body: updateBodyBody,
        response: { 200: bodyDetail, ...errors },
      },
    },
    async (req) => registry.updateBody(database, requireUser(req), req.params.id, req.body),
  );
  r.delete(
    "/api/bodies/:id",
    {
      schema: {
        operationId: "deactivateBody",
        tags,
        params: idParam,
        querystring: deleteBodyQuery,
        response: { 200: okResponse, ...errors },
      },
    },
    async (req) => {
      await registry.deactivateBody(database, requireUser(req), req.params.id, req.query.version);
      return { ok: true as const };
    },
  );

  r.post(
    "/api/bodies/:id/members",
    {
      schema: {
        operationId: "addMember",
        tags,
        params: idParam,
        body: addMemberBody,
        response: { 201: membershipView, ...errors },
      },
    },
    async (req, reply) => {
      const m = await members.addMember(database, requireUser(req), req.params.id, req.body);
      return reply.status(201).send(m);
    },
  );
  r.patch(
    "/api/memberships/:id",
    {
      schema: {
        operationId: "updateMember",
        tags,
        params: idParam,
        body: updateMemberBody,
        response: { 200: membershipView, ...errors },
      },
    },
    async (req) => members.updateMember(database, requireUser(req), req.params.id, req.body),
  );
  r.delete(
    "/api/memberships/:id",
    {
      schema: {
        operationId: "removeMember",
        tags,
        params: idParam,
        response: { 200: okResponse, ...errors },
      },
    },
    async (req) => {
      await members.removeMember(database, requireUser(req), req.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    "/api/memberships/:id/contact",
    {
      schema: {
        operationId: "readMemberContact",
        tags,
        description: "Personal data (need-to-know): every read is written to the audit log.",
        params: idParam,
        response: { 200: memberContact, ...errors },
      },
    },
    async (req) => members.readMemberContact(database, requireUser(req), req.params.id),
  );
}
