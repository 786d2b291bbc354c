/** Routes of report attachments (R16): thin — contracts, the signed-in user, incident-files.service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  ATTACHMENT_MAX_BASE64,
  incidentFileList,
  incidentFileUpload,
  incidentFileView,
} from "../../../domain/contracts/incident-files";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as files from "./incident-files.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  404: errorResponse,
  409: errorResponse,
  413: errorResponse,
  415: errorResponse,
};

export async function incidentFileRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["incidents"];

  r.get(
    "/api/incidents/:id/files",
    {
      schema: {
        operationId: "listIncidentFiles",
        tags,
        params: idParam,
        response: { 200: incidentFileList, ...errors },
      },
    },
    async (req) => files.listIncidentFiles(database, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/incidents/:id/files",
    {
      // The largest file's base64 and the JSON around it; a larger body is answered 413 unread.
      bodyLimit: ATTACHMENT_MAX_BASE64 + 16 * 1024,
      schema: {
        operationId: "addIncidentFile",
        tags,
        description:
          "Attach a photo or document (JPEG, PNG, WebP, PDF, DOCX, XLSX; kind found from the bytes, at most " +
          "8 MiB, 10 per report). The same content sent again answers 200 with the file already kept.",
        params: idParam,
        body: incidentFileUpload,
        response: { 200: incidentFileView, 201: incidentFileView, ...errors },
      },
    },
    async (req, reply) => {
      const res = await files.addIncidentFile(database, requireUser(req), req.params.id, req.body);
      return reply.status(res.created ? 201 : 200).send(res.file);
    },
  );
  r.get(
    "/api/incidents/:id/files/:fileId",
    {
      schema: {
        operationId: "getIncidentFile",
        tags,
        description:
          "The file, always as a download (Content-Disposition: attachment), with the type found from its bytes.",
        params: idParam.extend({ fileId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const f = await files.getIncidentFile(
        database,
        requireUser(req).user.actor,
        req.params.id,
        req.params.fileId,
      );
      const ascii = f.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
      return reply
        .header("content-type", f.mime)
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-store")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header(
          "content-disposition",
          `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
        )
        .send(f.content);
    },
  );
}
