/**
 * Plans of measures (R5–R13) and their XLSX (docs/plan-xlsx.md):
 * thin routes — contracts, the signed-in user, one service call.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  approvePlanBody,
  createPlanBody,
  measureBody,
  planDetail,
  planExportQuery,
  planImportBody,
  planImportQuery,
  planImportReport,
  planList,
  planListQuery,
  removeMeasureQuery,
  updateMeasureBody,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { runHeavy } from "../../platform/heavy-work";
import { XLSX_MIME } from "./plan-xlsx";
import * as planXlsx from "./plan-xlsx.service";
import * as prevention from "./prevention.service";
import { errors } from "./route-errors";

export async function planRoutes(app: FastifyInstance, { database }: { database: Database }) {
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
  /* ---------------------------------------- a plan's measures as XLSX */
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
      const content = await runHeavy(reply, "export", () =>
        planXlsx.planImportTemplate(database, ctx.user.actor, l),
      );
      return reply
        .header("content-type", XLSX_MIME)
        .header("content-disposition", `attachment; filename="plan-import-template-${l}.xlsx"`)
        .send(content);
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
      const x = await runHeavy(reply, "export", () =>
        planXlsx.exportPlanXlsx(database, ctx.user.actor, req.params.id, l),
      );
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
        response: { 200: planImportReport, ...errors, 503: errorResponse },
      },
    },
    async (req, reply) =>
      runHeavy(reply, "import", () =>
        planXlsx.importPlanXlsx(
          database,
          requireUser(req),
          req.params.id,
          req.body,
          req.query.dryRun === "true",
        ),
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
}
