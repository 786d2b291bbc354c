/** Signed protocol decisions to pick from (R5): thin — contract, the signed-in user, one service call. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { decisionChoices, decisionSearchQuery } from "../../../domain/contracts/decisions";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { searchSignedDecisions } from "./decision-search";
import { errors } from "./route-errors";

export async function decisionRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/decisions",
    {
      schema: {
        operationId: "searchSignedDecisions",
        tags: ["meetings"],
        description:
          "Signed protocol decisions of a commission (or the ATC) the reader may read, by number or text — for linking approvals to them (R5)",
        querystring: decisionSearchQuery,
        response: { 200: decisionChoices, ...errors },
      },
    },
    async (req) => searchSignedDecisions(database.db, requireUser(req).user.actor, req.query),
  );
}
