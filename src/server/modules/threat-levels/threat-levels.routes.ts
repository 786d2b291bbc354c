/** Threat-level routes (Decree No. 611; R6, R10.1, R21.3): thin — contracts, the signed-in user, the service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  changeThreatLevelBody,
  currentThreatLevels,
  declareThreatLevelBody,
  emptyBody,
  measureDoneBody,
  myThreatLevels,
  myThreatTasks as myThreatTasksSchema,
  replaceThreatCatalogueBody,
  territoryRef,
  threatBoardByTerritory,
  threatBoardQuery,
  threatCatalogue,
  threatDeclaration,
  threatDeclarationList,
  threatExportQuery,
  threatHistoryQuery,
  threatIdParam,
  threatTask,
  threatTaskBoard as threatTaskBoardSchema,
} from "../../../domain/contracts/threat-levels";
import { canReadThreatDeclaration } from "../../../domain/threat-level-policy";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { eventStreams } from "../../platform/event-stream";
import type { EventBus } from "../../platform/events";
import { runHeavy } from "../../platform/heavy-work";
import type { PublicSnapshot } from "./public-snapshot";
import { THREAT_LEVEL_CHANNEL, type ThreatLevelEvent } from "./threat-level-events";
import { currentLevels, myLevels } from "./threat-levels.current";
import { historyXlsx } from "./threat-levels.export";
import * as svc from "./threat-levels.service";
import { threatTaskBoardByTerritory } from "./threat-levels.task-board";
import { confirmThreatTask, myThreatTasks, reportMeasureDone, threatTaskBoard } from "./threat-levels.tasks";
import { getCatalogue, replaceCatalogue } from "./threat-measures.catalogue";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function threatLevelRoutes(
  app: FastifyInstance,
  deps: { database: Database; bus: EventBus; snapshot: PublicSnapshot; config: svc.ThreatLevelsConfig },
) {
  const { database, bus, snapshot, config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["threat-levels"];

  r.post(
    "/api/threat-levels",
    {
      schema: {
        operationId: "declareThreatLevel",
        tags,
        body: declareThreatLevelBody,
        response: { 201: threatDeclaration, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.declareThreatLevel(database, requireUser(req), req.body, config)),
  );
  r.get(
    "/api/threat-levels",
    {
      schema: { operationId: "listThreatLevels", tags, response: { 200: threatDeclarationList, ...errors } },
    },
    async (req) => svc.listThreatDeclarations(database.db, requireUser(req).user.actor, config),
  );
  r.get(
    "/api/threat-levels/current",
    {
      schema: { operationId: "currentThreatLevels", tags, response: { 200: currentThreatLevels, ...errors } },
    },
    async (req) => {
      requireUser(req);
      return currentLevels(await snapshot.get());
    },
  );
  r.get(
    "/api/threat-levels/mine",
    { schema: { operationId: "myThreatLevels", tags, response: { 200: myThreatLevels, ...errors } } },
    async (req) => myLevels(database.db, requireUser(req).user.actor, await snapshot.get()),
  );
  r.get(
    "/api/threat-levels/history",
    {
      schema: {
        operationId: "threatLevelHistory",
        tags,
        querystring: threatHistoryQuery,
        response: {
          200: z.object({ territory: territoryRef, items: z.array(threatDeclaration) }),
          ...errors,
        },
      },
    },
    async (req) =>
      svc.territoryHistory(database.db, requireUser(req).user.actor, req.query.territory, config),
  );
  r.get(
    "/api/threat-levels/history.xlsx",
    { schema: { operationId: "threatLevelHistoryXlsx", tags, querystring: threatExportQuery } },
    async (req, reply) => {
      const h = await svc.territoryHistory(
        database.db,
        requireUser(req).user.actor,
        req.query.territory,
        config,
      );
      const content = await runHeavy(reply, "export", () =>
        historyXlsx(h.territory, h.items, req.query.lang),
      );
      reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="threat-levels-${h.territory.code}.xlsx"`);
      return content;
    },
  );
  r.get(
    "/api/threat-levels/:id",
    {
      schema: {
        operationId: "getThreatLevel",
        tags,
        params: threatIdParam,
        response: { 200: threatDeclaration, ...errors },
      },
    },
    async (req) => svc.getThreatDeclaration(database.db, requireUser(req).user.actor, req.params.id, config),
  );
  r.post(
    "/api/threat-levels/:id/changes",
    {
      schema: {
        operationId: "changeThreatLevel",
        tags,
        params: threatIdParam,
        body: changeThreatLevelBody,
        response: { 201: threatDeclaration, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await svc.changeThreatLevel(database, requireUser(req), req.params.id, req.body, config)),
  );

  // Measures per level: each body's tasks, confirmed as received; "X of Y confirmed" per decision.
  r.get(
    "/api/threat-levels/:id/tasks",
    {
      schema: {
        operationId: "threatLevelTasks",
        tags,
        params: threatIdParam,
        response: { 200: threatTaskBoardSchema, ...errors },
      },
    },
    async (req) => threatTaskBoard(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.get(
    "/api/threat-levels/:id/tasks/by-territory",
    {
      schema: {
        operationId: "threatLevelTasksByTerritory",
        tags,
        params: threatIdParam,
        querystring: threatBoardQuery,
        response: { 200: threatBoardByTerritory, ...errors },
      },
    },
    async (req) =>
      threatTaskBoardByTerritory(database.db, requireUser(req).user.actor, req.params.id, req.query.parent),
  );
  r.get(
    "/api/threat-level-tasks/mine",
    {
      schema: { operationId: "myThreatLevelTasks", tags, response: { 200: myThreatTasksSchema, ...errors } },
    },
    async (req) => myThreatTasks(database.db, requireUser(req).user.actor),
  );
  r.post(
    "/api/threat-level-tasks/:id/confirm",
    {
      schema: {
        operationId: "confirmThreatLevelTask",
        tags,
        params: threatIdParam,
        body: emptyBody,
        response: { 200: threatTask, ...errors },
      },
    },
    async (req) => confirmThreatTask(database, requireUser(req), req.params.id),
  );
  r.post(
    "/api/threat-level-tasks/:id/done",
    {
      schema: {
        operationId: "reportThreatMeasureDone",
        tags,
        params: threatIdParam,
        body: measureDoneBody,
        response: { 200: threatTask, ...errors },
      },
    },
    async (req) => reportMeasureDone(database, requireUser(req), req.params.id, req.body),
  );

  // The measures catalogue (configurable; the default until the ATC changes it).
  r.get(
    "/api/threat-levels/measures",
    {
      schema: { operationId: "threatMeasureCatalogue", tags, response: { 200: threatCatalogue, ...errors } },
    },
    async (req) => getCatalogue(database.db, requireUser(req).user.actor),
  );
  r.put(
    "/api/threat-levels/measures",
    {
      schema: {
        operationId: "replaceThreatMeasureCatalogue",
        tags,
        body: replaceThreatCatalogueBody,
        response: { 200: threatCatalogue, ...errors },
      },
    },
    async (req) => replaceCatalogue(database, requireUser(req), req.body),
  );

  // Live: every decision, start and expiry concerning the reader's territories, as it commits on any
  // instance (LISTEN/NOTIFY). No grounds travel: the level and where. Each event has the event log's
  // id: a reader coming back with Last-Event-ID is sent what it missed (platform/event-stream.ts).
  const streams = eventStreams(app, database, bus);
  app.get(
    "/api/events/threat-levels",
    {
      schema: {
        operationId: "threatLevelEvents",
        tags,
        description: "text/event-stream of threat-level decisions, starts and expiries (event: threat-level)",
      },
    },
    async (req, reply) => {
      const actor = requireUser(req).user.actor;
      await streams.serve(req, reply, {
        channel: THREAT_LEVEL_CHANNEL,
        event: "threat-level",
        visible: (payload) => {
          const e = payload as ThreatLevelEvent;
          return Array.isArray(e?.territoryPaths) && canReadThreatDeclaration(actor, e.territoryPaths);
        },
      });
    },
  );
}
