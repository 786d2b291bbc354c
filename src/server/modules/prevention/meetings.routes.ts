/**
 * Meetings of a commission and their protocol decisions (R5):
 * thin routes — contracts, the signed-in user, one service call.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createMeetingBody,
  decisionBody,
  meetingDetail,
  meetingList,
  meetingListQuery,
  signProtocolBody,
  updateMeetingBody,
} from "../../../domain/contracts/prevention";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { runHeavy } from "../../platform/heavy-work";
import * as meetings from "./meetings.service";
import { protocolPdf } from "./prevention.export";
import { errors } from "./route-errors";

export async function meetingRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const _tags = ["prevention"];
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
      const pdf = await runHeavy(reply, "pdf", () => protocolPdf(m, lang));
      const name = m.protocolNumber ? `protocol-${m.protocolNumber}` : "protocol-draft";
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="${name}-${lang}.pdf"`)
        .send(pdf);
    },
  );
}
