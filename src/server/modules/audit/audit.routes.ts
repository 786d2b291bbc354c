/** Audit log for auditors and administrators, scoped to their subtrees. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { auditList, auditQuery } from "../../../domain/contracts/audit";
import { errorResponse } from "../../../domain/contracts/common";
import { auditScopes } from "../../../domain/policy";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { forbidden } from "../../platform/errors";
import { listAudit } from "./audit.service";

export async function auditRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/audit",
    {
      schema: {
        operationId: "listAudit",
        tags: ["audit"],
        querystring: auditQuery,
        response: { 200: auditList, 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => {
      const scopes = auditScopes(requireUser(req).user.actor);
      if (scopes.length === 0) throw forbidden();
      return listAudit(database, scopes, req.query);
    },
  );
}
