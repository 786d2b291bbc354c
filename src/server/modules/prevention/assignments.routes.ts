/**
 * Assignments under control and notifications (R5):
 * thin routes — contracts, the signed-in user, one service call.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { okResponse } from "../../../domain/contracts/common";
import {
  assignmentActionBody,
  assignmentDetail,
  assignmentList,
  assignmentListQuery,
  disciplineQuery,
  disciplineView,
  notificationList,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as assignments from "./assignments.service";
import * as notifications from "./notifications.service";
import { errors } from "./route-errors";

export async function assignmentRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const _tags = ["prevention"];
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
    async (req) => notifications.listNotifications(database, requireUser(req).user.id),
  );
  r.post(
    "/api/notifications/read",
    { schema: { operationId: "readNotifications", tags: atags, response: { 200: okResponse, ...errors } } },
    async (req) => notifications.markNotificationsRead(database, requireUser(req).user.id),
  );
}
