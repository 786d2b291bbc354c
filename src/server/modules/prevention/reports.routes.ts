/**
 * Quarterly execution reports and the roll-up dashboard (R5–R12):
 * thin routes — contracts, the signed-in user, one service call.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  dashboardQuery,
  dashboardRecords,
  dashboardRecordsQuery,
  dashboardView,
  measureReportBody,
  measureReportList,
  measureReportView,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { runHeavy } from "../../platform/heavy-work";
import * as reports from "./measure-reports.service";
import { dashboardXlsx } from "./prevention.export";
import * as rollup from "./rollup.service";
import { errors } from "./route-errors";

export async function reportRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["prevention"];
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
      reports.reportMeasure(database, requireUser(req), req.params.id, req.params.measureId, req.body),
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
    async (req) => reports.listMeasureReports(database, requireUser(req).user.actor, req.params.id),
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
      const content = await runHeavy(reply, "export", () => dashboardXlsx(d, ctx.locale));
      return reply
        .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
          "content-disposition",
          `attachment; filename="prevention-${d.territory.code}-${d.year}-q${d.quarter}.xlsx"`,
        )
        .send(content);
    },
  );
}
