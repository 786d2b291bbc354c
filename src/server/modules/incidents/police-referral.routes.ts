/** Routes of a report's referral to the police (Criminal Code art. 273; R16): thin. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorResponse } from "../../../domain/contracts/common";
import { policeReferralBody, policeReferrals } from "../../../domain/contracts/police-referral";
import { idParam } from "../../../domain/contracts/registry";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import * as referral from "./police-referral.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function policeReferralRoutes(app: FastifyInstance, { database }: { database: Database }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["incidents"];
  r.get(
    "/api/incidents/:id/police-referrals",
    {
      schema: {
        operationId: "listPoliceReferrals",
        tags,
        description:
          "The report's referrals to the police and, for the HQ that may triage a report closed as a knowingly " +
          "false report of an act of terrorism (Criminal Code art. 273), the territorial police bodies to choose from.",
        params: idParam,
        response: { 200: policeReferrals, ...errors },
      },
    },
    async (req) => referral.policeReferrals(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/incidents/:id/police-referrals",
    {
      schema: {
        operationId: "referIncidentToPolice",
        tags,
        description:
          "Refer a report closed as a knowingly false report of an act of terrorism to a territorial police body: " +
          "recorded in the history, audited, the body's accounts notified. The same body is not referred twice.",
        params: idParam,
        body: policeReferralBody,
        response: { 201: policeReferrals, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await referral.referToPolice(database, requireUser(req), req.params.id, req.body)),
  );
}
