/** Prevention routes (issue #4): plans of measures. Thin — contracts, the signed-in user, the service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse, okResponse } from "../../../domain/contracts/common";
import {
  approvePlanBody,
  assignmentActionBody,
  assignmentDetail,
  assignmentList,
  assignmentListQuery,
  createExerciseBody,
  createMeetingBody,
  createPlanBody,
  dashboardQuery,
  dashboardRecords,
  dashboardRecordsQuery,
  dashboardView,
  decisionBody,
  disciplineQuery,
  disciplineView,
  exerciseList,
  exerciseListQuery,
  exerciseResultBody,
  exerciseView,
  measureBody,
  measureReportBody,
  measureReportList,
  measureReportView,
  meetingDetail,
  meetingList,
  meetingListQuery,
  notificationList,
  planDetail,
  planExportQuery,
  planImportBody,
  planImportQuery,
  planImportReport,
  planList,
  planListQuery,
  removeMeasureQuery,
  signProtocolBody,
  updateMeasureBody,
  updateMeetingBody,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as assignments from "./assignments.service";
import * as exercises from "./exercises.service";
import * as meetings from "./meetings.service";
import { XLSX_MIME } from "./plan-xlsx";
import * as planXlsx from "./plan-xlsx.service";
import { dashboardXlsx, protocolPdf } from "./prevention.export";
import * as prevention from "./prevention.service";
import * as rollup from "./rollup.service";

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
  /* ---------------------------------------- a plan's measures as XLSX (issue #4 §2; docs/plan-xlsx.md) */
  r.get(
    "/api/plans/import-template.xlsx",
    {
      schema: {
        operationId: "planImportTemplate",
        tags,
        description: "Headers of the import layout, one example row and a sheet with the catalogue codes.",
        querystring: planExportQuery,
      },
    },
    async (req, reply) => {
      const ctx = requireUser(req);
      const l = req.query.lang ?? ctx.locale;
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", `attachment; filename="plan-import-template-${l}.xlsx"`)
        .send(await planXlsx.planImportTemplate(database, ctx.user.actor, l));
    },
  );
  r.get(
    "/api/plans/:id/export.xlsx",
    {
      schema: {
        operationId: "exportPlanXlsx",
        tags,
        description: "The plan's measures, one row each, headers in `lang` (default: the request locale).",
        params: idParam,
        querystring: planExportQuery,
      },
    },
    async (req, reply) => {
      const ctx = requireUser(req);
      const l = req.query.lang ?? ctx.locale;
      const x = await planXlsx.exportPlanXlsx(database, ctx.user.actor, req.params.id, l);
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", `attachment; filename="plan-${x.year}-${l}.xlsx"`)
        .send(x.content);
    },
  );
  r.post(
    "/api/plans/:id/import",
    {
      // Base64 of at most 2 MB, with room for the JSON around it; the size is checked on the decoded file.
      bodyLimit: 4_200_000,
      schema: {
        operationId: "importPlanXlsx",
        tags,
        description:
          "Add the measures of an XLSX file in the export's layout; each row is checked as POST /measures. " +
          "Rows that pass are added in one transaction; dryRun=true reports without writing.",
        params: idParam,
        querystring: planImportQuery,
        body: planImportBody,
        response: { 200: planImportReport, ...errors },
      },
    },
    async (req) =>
      planXlsx.importPlanXlsx(
        database,
        requireUser(req),
        req.params.id,
        req.body,
        req.query.dryRun === "true",
      ),
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
  r.put(
    "/api/plans/:id/measures/:measureId",
    {
      schema: {
        operationId: "updatePlanMeasure",
        tags,
        params: idParam.extend({ measureId: z.uuid() }),
        body: updateMeasureBody,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) =>
      prevention.updateMeasure(database, requireUser(req), req.params.id, req.params.measureId, req.body),
  );
  r.delete(
    "/api/plans/:id/measures/:measureId",
    {
      schema: {
        operationId: "removePlanMeasure",
        tags,
        params: idParam.extend({ measureId: z.uuid() }),
        querystring: removeMeasureQuery,
        response: { 200: planDetail, ...errors },
      },
    },
    async (req) =>
      prevention.removeMeasure(
        database,
        requireUser(req),
        req.params.id,
        req.params.measureId,
        req.query.version,
      ),
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

  /* ------------------------------------------------------------------------------- meetings (R5) */
  const mtags = ["meetings"];
  r.post(
    "/api/meetings",
    {
      schema: {
        operationId: "createMeeting",
        tags: mtags,
        body: createMeetingBody,
        response: { 201: meetingDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await meetings.createMeeting(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/meetings",
    {
      schema: {
        operationId: "listMeetings",
        tags: mtags,
        querystring: meetingListQuery,
        response: { 200: meetingList, ...errors },
      },
    },
    async (req) => meetings.listMeetings(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/meetings/:id",
    {
      schema: {
        operationId: "getMeeting",
        tags: mtags,
        params: idParam,
        response: { 200: meetingDetail, ...errors },
      },
    },
    async (req) => meetings.getMeeting(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.patch(
    "/api/meetings/:id",
    {
      schema: {
        operationId: "updateMeeting",
        tags: mtags,
        params: idParam,
        body: updateMeetingBody,
        response: { 200: meetingDetail, ...errors },
      },
    },
    async (req) => meetings.updateMeeting(database, requireUser(req), req.params.id, req.body),
  );
  r.post(
    "/api/meetings/:id/decisions",
    {
      schema: {
        operationId: "addDecision",
        tags: mtags,
        params: idParam,
        body: decisionBody,
        response: { 200: meetingDetail, ...errors },
      },
    },
    async (req) => meetings.addDecision(database, requireUser(req), req.params.id, req.body),
  );
  r.delete(
    "/api/meetings/:id/decisions/:decisionId",
    {
      schema: {
        operationId: "removeDecision",
        tags: mtags,
        params: idParam.extend({ decisionId: z.uuid() }),
        response: { 200: meetingDetail, ...errors },
      },
    },
    async (req) => meetings.removeDecision(database, requireUser(req), req.params.id, req.params.decisionId),
  );
  r.post(
    "/api/meetings/:id/sign",
    {
      schema: {
        operationId: "signProtocol",
        tags: mtags,
        params: idParam,
        body: signProtocolBody,
        response: { 200: meetingDetail, ...errors },
      },
    },
    async (req) => meetings.signProtocol(database, requireUser(req), req.params.id, req.body),
  );
  r.get(
    "/api/meetings/:id/protocol.pdf",
    {
      schema: {
        operationId: "meetingProtocolPdf",
        tags: mtags,
        params: idParam,
        querystring: z.object({ lang: z.enum(["kk", "ru"]).optional() }),
      },
    },
    async (req, reply) => {
      const ctx = requireUser(req);
      const m = await meetings.getMeeting(database.db, ctx.user.actor, req.params.id);
      const lang = req.query.lang ?? (ctx.locale === "ru" ? "ru" : "kk");
      const pdf = await protocolPdf(m, lang);
      const name = m.protocolNumber ? `protocol-${m.protocolNumber}` : "protocol-draft";
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="${name}-${lang}.pdf"`)
        .send(pdf);
    },
  );

  /* -------------------------------------------------------------- assignments under control (R5) */
  const atags = ["assignments"];
  r.get(
    "/api/assignments",
    {
      schema: {
        operationId: "listAssignments",
        tags: atags,
        querystring: assignmentListQuery,
        response: { 200: assignmentList, ...errors },
      },
    },
    async (req) => assignments.listAssignments(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/assignments/discipline",
    {
      schema: {
        operationId: "assignmentDiscipline",
        tags: atags,
        querystring: disciplineQuery,
        response: { 200: disciplineView, ...errors },
      },
    },
    async (req) => assignments.discipline(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/assignments/:id",
    {
      schema: {
        operationId: "getAssignment",
        tags: atags,
        params: idParam,
        response: { 200: assignmentDetail, ...errors },
      },
    },
    async (req) => assignments.getAssignment(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/assignments/:id/actions",
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: "actOnAssignment",
        tags: atags,
        params: idParam,
        body: assignmentActionBody,
        response: { 200: assignmentDetail, ...errors },
      },
    },
    async (req) => assignments.actOnAssignment(database, requireUser(req), req.params.id, req.body),
  );
  r.get(
    "/api/assignments/:id/files/:fileId",
    {
      schema: {
        operationId: "getAssignmentFile",
        tags: atags,
        params: idParam.extend({ fileId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const f = await assignments.getAssignmentFile(
        database,
        requireUser(req).user.actor,
        req.params.id,
        req.params.fileId,
      );
      return reply
        .header("content-type", f.mime)
        .header("x-content-type-options", "nosniff")
        .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
        .send(f.content);
    },
  );
  r.get(
    "/api/notifications",
    {
      schema: {
        operationId: "listNotifications",
        tags: atags,
        response: { 200: notificationList, ...errors },
      },
    },
    async (req) => assignments.listNotifications(database, requireUser(req).user.id),
  );
  r.post(
    "/api/notifications/read",
    { schema: { operationId: "readNotifications", tags: atags, response: { 200: okResponse, ...errors } } },
    async (req) => assignments.markNotificationsRead(database, requireUser(req).user.id),
  );

  /* --------------------------------------------------- execution reports and roll-up (issue #4 §5) */
  r.post(
    "/api/plans/:id/measures/:measureId/reports",
    {
      schema: {
        operationId: "reportMeasure",
        tags,
        params: idParam.extend({ measureId: z.uuid() }),
        body: measureReportBody,
        response: { 200: measureReportView, ...errors },
      },
    },
    async (req) =>
      rollup.reportMeasure(database, requireUser(req), req.params.id, req.params.measureId, req.body),
  );
  r.get(
    "/api/plans/:id/reports",
    {
      schema: {
        operationId: "listMeasureReports",
        tags,
        params: idParam,
        response: { 200: measureReportList, ...errors },
      },
    },
    async (req) => rollup.listMeasureReports(database, requireUser(req).user.actor, req.params.id),
  );
  r.get(
    "/api/prevention/dashboard",
    {
      schema: {
        operationId: "preventionDashboard",
        tags,
        querystring: dashboardQuery,
        response: { 200: dashboardView, ...errors },
      },
    },
    async (req) => rollup.dashboard(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/prevention/dashboard/records",
    {
      schema: {
        operationId: "preventionDashboardRecords",
        tags,
        querystring: dashboardRecordsQuery,
        response: { 200: dashboardRecords, ...errors },
      },
    },
    async (req) => rollup.dashboardRecords(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/prevention/dashboard.xlsx",
    { schema: { operationId: "preventionDashboardXlsx", tags, querystring: dashboardQuery } },
    async (req, reply) => {
      const ctx = requireUser(req);
      const d = await rollup.dashboard(database, ctx.user.actor, req.query);
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
          "content-disposition",
          `attachment; filename="prevention-${d.territory.code}-${d.year}-q${d.quarter}.xlsx"`,
        )
        .send(await dashboardXlsx(d, ctx.locale));
    },
  );

  /* --------------------------------------------- exercises and trainings (R10.2, R10.3; issue #4 §4) */
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
