/** Operation routes (R17–R19): thin — contracts, the signed-in user, the service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse, localeSchema, uuid } from "../../../domain/contracts/common";
import {
  addForceBody,
  declareOperationBody,
  endOperationBody,
  logEntryBody,
  operationDetail,
  operationList,
  operationListQuery,
  referralBody,
  updateForceBody,
  versionBody,
} from "../../../domain/contracts/operations";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { eventStreams } from "../../platform/event-stream";
import type { EventBus } from "../../platform/events";
import { runHeavy } from "../../platform/heavy-work";
import * as command from "./operations.command";
import { summaryPdf, summaryXlsx } from "./operations.export";
import * as ops from "./operations.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function operationRoutes(
  app: FastifyInstance,
  { database, bus }: { database: Database; bus: EventBus },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["operations"];
  const detail = { 200: operationDetail, ...errors };

  r.post(
    "/api/operations",
    {
      schema: {
        operationId: "declareOperation",
        tags,
        body: declareOperationBody,
        response: { 201: operationDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await ops.declareOperation(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/operations",
    {
      schema: {
        operationId: "listOperations",
        tags,
        querystring: operationListQuery,
        response: { 200: operationList, ...errors },
      },
    },
    async (req) => ops.listOperations(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/operations/:id",
    { schema: { operationId: "getOperation", tags, params: idParam, response: detail } },
    async (req) => ops.getOperation(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/operations/:id/take-over",
    {
      schema: {
        operationId: "takeOverOperation",
        tags,
        params: idParam,
        body: versionBody,
        response: detail,
      },
    },
    async (req) => command.takeOver(database, requireUser(req), req.params.id, req.body.version),
  );
  r.post(
    "/api/operations/:id/forces",
    {
      schema: {
        operationId: "addOperationForce",
        tags,
        params: idParam,
        body: addForceBody,
        response: detail,
      },
    },
    async (req) => command.addForce(database, requireUser(req), req.params.id, req.body),
  );
  r.patch(
    "/api/operation-forces/:id",
    {
      schema: {
        operationId: "updateOperationForce",
        tags,
        params: idParam,
        body: updateForceBody,
        response: detail,
      },
    },
    async (req) => command.updateForce(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/operations/:id/log",
    {
      schema: { operationId: "addOperationLog", tags, params: idParam, body: logEntryBody, response: detail },
    },
    async (req) => command.addLogEntry(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/operations/:id/incidents",
    {
      schema: {
        operationId: "linkIncidentToOperation",
        tags,
        params: idParam,
        body: z.object({ incidentId: uuid }),
        response: detail,
      },
    },
    async (req) => command.linkIncident(database, requireUser(req), req.params.id, req.body.incidentId),
  );
  r.post(
    "/api/operations/:id/end",
    {
      schema: {
        operationId: "endOperation",
        tags,
        params: idParam,
        body: endOperationBody,
        response: detail,
      },
    },
    async (req) => command.endOperation(database, requireUser(req), req.params.id, req.body),
  );
  r.put(
    "/api/operations/:id/referral",
    {
      schema: { operationId: "referOperation", tags, params: idParam, body: referralBody, response: detail },
    },
    async (req) => command.referOperation(database, requireUser(req), req.params.id, req.body),
  );

  const exportQuery = z.object({ lang: localeSchema.default("kk") });
  r.get(
    "/api/operations/:id/summary.xlsx",
    { schema: { operationId: "operationSummaryXlsx", tags, params: idParam, querystring: exportQuery } },
    async (req, reply) => {
      const op = await ops.getOperation(database.db, requireUser(req).user.actor, req.params.id);
      const content = await runHeavy(reply, "export", () => summaryXlsx(op, req.query.lang));
      reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="operation-${op.number}.xlsx"`);
      return content;
    },
  );
  r.get(
    "/api/operations/:id/summary.pdf",
    { schema: { operationId: "operationSummaryPdf", tags, params: idParam, querystring: exportQuery } },
    async (req, reply) => {
      const op = await ops.getOperation(database.db, requireUser(req).user.actor, req.params.id);
      const content = await runHeavy(reply, "pdf", () => summaryPdf(op, req.query.lang));
      reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="operation-${op.number}.pdf"`);
      return content;
    },
  );

  // Live: each change to one operation (command, forces, log, end) as it commits on any instance; the
  // page re-reads it (the event carries no detail). Only for those who may read the operation.
  const streams = eventStreams(app, database, bus);
  app.get(
    "/api/events/operations/:id",
    {
      schema: {
        operationId: "operationEvents",
        tags,
        params: idParam,
        description: "text/event-stream of changes to one operation (event: operation)",
      },
    },
    async (req, reply) => {
      const { id } = req.params as { id: string };
      await ops.loadReadable(database.db, requireUser(req).user.actor, id);
      await streams.serve(req, reply, {
        channel: ops.OPERATION_CHANNEL,
        event: "operation",
        visible: (payload) => (payload as { id?: string } | null)?.id === id,
      });
    },
  );
}
