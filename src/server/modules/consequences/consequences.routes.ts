/** Consequence routes (R20–R23): thin — contracts, the signed-in user, one service call. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse, version } from "../../../domain/contracts/common";
import {
  activateBody,
  activationBoard,
  activationList,
  addTaskBody,
  approvePlanBody,
  bedsBody,
  copyPlanBody,
  createPlanBody,
  documentQuery,
  forceBoard as forceBoardSchema,
  forceDetailsBody,
  forcesQuery,
  forceView,
  idParam,
  liveTask,
  myTasks as myTasksSchema,
  planCheck,
  planDetail,
  planList,
  planListQuery,
  readinessBody,
  readinessHistory,
  requestBody,
  requestStatusBody,
  situationSummary as situationSummarySchema,
  summaryQuery,
  taskActionBody,
  updatePlanBody,
} from "../../../domain/contracts/consequences";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { eventStreams } from "../../platform/event-stream";
import type { EventBus } from "../../platform/events";
import { runHeavy } from "../../platform/heavy-work";
import * as act from "./activations.service";
import { CONSEQUENCES_CHANNEL, type ConsequenceEvent } from "./consequence-events";
import { planPdf, reportPdf, reportXlsx } from "./consequences.export";
import * as forces from "./forces.service";
import * as plans from "./plans.service";
import { restorationRoutes } from "./restoration.routes";
import { situationSummary } from "./summary.service";
import { eventForReader, withChangedTasks } from "./tasks-in-events";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const versionBody = z.object({ version });

export async function consequenceRoutes(
  app: FastifyInstance,
  deps: { database: Database; bus: EventBus; config: forces.ConsequencesConfig },
) {
  const { database, bus, config } = deps;
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["consequences"];

  /* ---------------------------------------------------------------- forces and readiness (R22, R23) */
  r.get(
    "/api/consequences/forces",
    {
      schema: {
        operationId: "consequenceForces",
        tags,
        description:
          "Readiness board of a territory: forces with base points and readiness (also for map layers)",
        querystring: forcesQuery,
        response: { 200: forceBoardSchema, ...errors },
      },
    },
    async (req) => forces.forceBoard(db, requireUser(req).user.actor, req.query.territory, config),
  );
  r.get(
    "/api/consequences/forces/:id",
    {
      schema: {
        operationId: "consequenceForce",
        tags,
        params: idParam,
        response: { 200: forceView, ...errors },
      },
    },
    async (req) => forces.getForce(db, requireUser(req).user.actor, req.params.id, config),
  );
  r.put(
    "/api/consequences/forces/:id",
    {
      schema: {
        operationId: "updateConsequenceForce",
        tags,
        params: idParam,
        body: forceDetailsBody,
        response: { 200: forceView, ...errors },
      },
    },
    async (req) => forces.updateForceDetails(database, requireUser(req), req.params.id, req.body, config),
  );
  r.post(
    "/api/consequences/forces/:id/readiness",
    {
      schema: {
        operationId: "confirmForceReadiness",
        tags,
        params: idParam,
        body: readinessBody,
        response: { 200: forceView, ...errors },
      },
    },
    async (req) => forces.confirmReadiness(database, requireUser(req), req.params.id, req.body, config),
  );
  r.get(
    "/api/consequences/forces/:id/readiness",
    {
      schema: {
        operationId: "forceReadinessHistory",
        tags,
        params: idParam,
        response: { 200: readinessHistory, ...errors },
      },
    },
    async (req) => forces.readinessHistoryOf(db, requireUser(req).user.actor, req.params.id),
  );
  r.put(
    "/api/consequences/forces/:id/beds",
    {
      schema: {
        operationId: "updateForceBeds",
        tags,
        params: idParam,
        body: bedsBody,
        response: { 200: forceView, ...errors },
      },
    },
    async (req) => forces.updateBeds(database, requireUser(req), req.params.id, req.body, config),
  );

  /* ------------------------------------------------------------------------------------ plans (R21) */
  r.get(
    "/api/consequences/plans",
    {
      schema: {
        operationId: "consequencePlans",
        tags,
        querystring: planListQuery,
        response: { 200: planList, ...errors },
      },
    },
    async (req) => plans.listPlans(db, requireUser(req).user.actor, req.query),
  );
  r.post(
    "/api/consequences/plans",
    {
      schema: {
        operationId: "createConsequencePlan",
        tags,
        body: createPlanBody,
        response: { 201: planDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await plans.createPlan(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/consequences/plans/:id",
    {
      schema: {
        operationId: "consequencePlan",
        tags,
        params: idParam,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => plans.getPlan(db, requireUser(req).user.actor, req.params.id),
  );
  r.put(
    "/api/consequences/plans/:id",
    {
      schema: {
        operationId: "updateConsequencePlan",
        tags,
        params: idParam,
        body: updatePlanBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => plans.updatePlan(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/consequences/plans/:id/copy",
    {
      schema: {
        operationId: "copyConsequencePlan",
        tags,
        params: idParam,
        body: copyPlanBody,
        response: { 201: planDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await plans.copyPlan(database, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    "/api/consequences/plans/:id/approve",
    {
      schema: {
        operationId: "approveConsequencePlan",
        tags,
        params: idParam,
        body: approvePlanBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => plans.approvePlan(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/consequences/plans/:id/archive",
    {
      schema: {
        operationId: "archiveConsequencePlan",
        tags,
        params: idParam,
        body: versionBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) => plans.archivePlan(database, requireUser(req), req.params.id, req.body),
  );
  r.get(
    "/api/consequences/plans/:id/check",
    {
      schema: {
        operationId: "checkConsequencePlan",
        tags,
        params: idParam,
        response: { 200: planCheck, ...errors },
      },
    },
    async (req) => plans.planCheckOf(db, requireUser(req).user.actor, req.params.id, config),
  );
  r.get(
    "/api/consequences/plans/:id/plan.pdf",
    { schema: { operationId: "consequencePlanPdf", tags, params: idParam, querystring: documentQuery } },
    async (req, reply) => {
      const p = await plans.getPlan(db, requireUser(req).user.actor, req.params.id);
      const pdf = await runHeavy(reply, "export", () => planPdf(p, req.query.lang));
      reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="consequence-plan-${p.id.slice(0, 8)}-${req.query.lang}.pdf"`,
        );
      return pdf;
    },
  );

  /* ----------------------------------------------------------------------- activations and tasks */
  r.get(
    "/api/consequences/activations",
    { schema: { operationId: "consequenceActivations", tags, response: { 200: activationList, ...errors } } },
    async (req) => act.listActivations(db, requireUser(req).user.actor),
  );
  r.post(
    "/api/consequences/activations",
    {
      schema: {
        operationId: "activateConsequencePlans",
        tags,
        body: activateBody,
        response: { 201: activationBoard, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await act.activatePlans(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/consequences/activations/:id",
    {
      schema: {
        operationId: "consequenceActivation",
        tags,
        params: idParam,
        response: { 200: activationBoard, ...errors },
      },
    },
    async (req) => act.getBoard(db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/consequences/activations/:id/tasks",
    {
      schema: {
        operationId: "addConsequenceTask",
        tags,
        params: idParam,
        body: addTaskBody,
        response: { 201: activationBoard, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await act.addTask(database, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    "/api/consequences/activations/:id/requests",
    {
      schema: {
        operationId: "requestConsequenceResource",
        tags,
        params: idParam,
        body: requestBody,
        response: { 201: activationBoard, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await act.requestResource(database, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    "/api/consequences/activations/:id/close",
    {
      schema: {
        operationId: "closeConsequenceActivation",
        tags,
        params: idParam,
        response: { 200: activationBoard, ...errors },
      },
    },
    async (req) => act.closeActivation(database, requireUser(req), req.params.id),
  );
  r.get(
    "/api/consequences/activations/:id/report.pdf",
    { schema: { operationId: "consequenceReportPdf", tags, params: idParam, querystring: documentQuery } },
    async (req, reply) => {
      const b = await act.getBoard(db, requireUser(req).user.actor, req.params.id);
      const pdf = await runHeavy(reply, "export", () => reportPdf(b, req.query.lang));
      reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="consequences-${b.number}-${req.query.lang}.pdf"`,
        );
      return pdf;
    },
  );
  r.get(
    "/api/consequences/activations/:id/report.xlsx",
    { schema: { operationId: "consequenceReportXlsx", tags, params: idParam, querystring: documentQuery } },
    async (req, reply) => {
      const b = await act.getBoard(db, requireUser(req).user.actor, req.params.id);
      const x = await runHeavy(reply, "export", () => reportXlsx(b, req.query.lang));
      reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header("content-disposition", `attachment; filename="consequences-${b.number}.xlsx"`);
      return x;
    },
  );
  r.get(
    "/api/consequences/tasks/mine",
    { schema: { operationId: "myConsequenceTasks", tags, response: { 200: myTasksSchema, ...errors } } },
    async (req) => act.myTasks(db, requireUser(req).user.actor),
  );
  r.post(
    "/api/consequences/tasks/:id/actions",
    {
      schema: {
        operationId: "actOnConsequenceTask",
        tags,
        params: idParam,
        body: taskActionBody,
        response: { 200: liveTask, ...errors },
      },
    },
    async (req) => act.actOnTask(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/consequences/requests/:id/status",
    {
      schema: {
        operationId: "moveConsequenceRequest",
        tags,
        params: idParam,
        body: requestStatusBody,
        response: { 200: activationBoard, ...errors },
      },
    },
    async (req) => act.moveRequest(database, requireUser(req), req.params.id, req.body),
  );

  /* ------------------------------------------- restoring normal life (R20.4, R21.3, R21.4) */
  restorationRoutes(app, database);

  /* ------------------------------------------------------- commission's read-only summary (R5, R14) */
  r.get(
    "/api/consequences/summary",
    {
      schema: {
        operationId: "consequenceSummary",
        tags,
        querystring: summaryQuery,
        response: { 200: situationSummarySchema, ...errors },
      },
    },
    async (req) => situationSummary(db, requireUser(req).user.actor, req.query.territory),
  );

  // Live: activations, task moves and requests as they commit on any instance; each reader gets what
  // concerns it (the whole board's readers, or the bodies named), with replay after a reconnect.
  // Each event comes with the tasks it changed that are the reader's (tasks-in-events.ts).
  const streams = eventStreams(app, database, withChangedTasks(database, bus));
  app.get(
    "/api/events/consequences",
    {
      schema: {
        operationId: "consequenceEvents",
        tags,
        description: "text/event-stream of consequence activations and task changes (event: consequences)",
      },
    },
    async (req, reply) => {
      const actor = requireUser(req).user.actor;
      await streams.serve(req, reply, {
        channel: CONSEQUENCES_CHANNEL,
        event: "consequences",
        visible: (payload) => act.canSeeEvent(actor, payload as ConsequenceEvent),
        present: (payload) => eventForReader(actor, payload),
      });
    },
  );
}
