/** Audit log for auditors and administrators, scoped to their subtrees; each entry names the person. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { auditList, auditQuery } from "../../../domain/contracts/audit";
import { errorResponse } from "../../../domain/contracts/common";
import { auditScopes } from "../../../domain/policy";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { forbidden } from "../../platform/errors";
import { listAudit } from "./audit.service";
import { type PeopleLookup, withPeople } from "./audit.view";

export async function auditRoutes(
  app: FastifyInstance,
  { database, people }: { database: Database; people: PeopleLookup },
) {
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
      const page = await listAudit(database, scopes, req.query);
      return { ...page, items: await withPeople(page.items, people) };
    },
  );
}
