/** Incident routes (R16): thin — contracts, the signed-in user, the service. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  campaignDetail,
  campaignList,
  closeCampaignBody,
  closeCampaignResult,
  idempotencyKey,
  incidentActionBody,
  incidentDetail,
  incidentList,
  incidentListQuery,
  incidentPicture,
  mergeBody,
  pictureQuery,
  reportIncidentBody,
} from "../../../domain/contracts/incidents";
import { idParam } from "../../../domain/contracts/registry";
import { canReadIncident } from "../../../domain/policy";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import { eventStreams } from "../../platform/event-stream";
import type { EventBus } from "../../platform/events";
import * as campaigns from "./campaigns.service";
import * as events from "./incident-events";
import { incidentFileRoutes } from "./incident-files.routes";
import { incidentPicture as nationalPicture } from "./incidents.picture";
import * as incidents from "./incidents.service";
import * as triage from "./incidents.triage";
import { followRoutingReads } from "./intake";
import { policeReferralRoutes } from "./police-referral.routes";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};

export async function incidentRoutes(
  app: FastifyInstance,
  { database, config, bus }: { database: Database; config: incidents.IncidentsConfig; bus: EventBus },
) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["incidents"];
  // Routing's reference reads held while this instance hears of changes to bodies and territories.
  const stopRoutingReads = followRoutingReads(database, bus);
  app.addHook("onClose", async () => stopRoutingReads());

  r.post(
    "/api/incidents",
    {
      schema: {
        operationId: "reportIncident",
        tags,
        description:
          "File an incident report (R16). Send an Idempotency-Key header: a retry with the same key returns the " +
          "report already filed (200) instead of a second one (201). The answer is sent only after commit.",
        headers: z.object({ "idempotency-key": idempotencyKey }),
        body: reportIncidentBody,
        response: { 200: incidentDetail, 201: incidentDetail, ...errors },
      },
    },
    async (req, reply) => {
      const res = await incidents.reportIncident(
        database,
        requireUser(req),
        req.headers["idempotency-key"],
        req.body,
        config,
      );
      return reply.status(res.created ? 201 : 200).send(res.incident);
    },
  );
  r.get(
    "/api/incidents",
    {
      schema: {
        operationId: "listIncidents",
        tags,
        querystring: incidentListQuery,
        response: { 200: incidentList, ...errors },
      },
    },
    async (req) => incidents.listIncidents(database, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/incidents/picture",
    {
      schema: {
        operationId: "incidentPicture",
        tags,
        description: "Reports by region and type (national picture), within the user's scope.",
        querystring: pictureQuery,
        response: { 200: incidentPicture, ...errors },
      },
    },
    async (req) =>
      nationalPicture(
        database,
        requireUser(req).user.actor,
        new Date(Date.now() - req.query.days * 86_400_000),
      ),
  );
  r.get(
    "/api/incidents/:id",
    {
      schema: {
        operationId: "getIncident",
        tags,
        params: idParam,
        response: { 200: incidentDetail, ...errors },
      },
    },
    async (req) => incidents.getIncident(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/incidents/:id/actions",
    {
      schema: {
        operationId: "actOnIncident",
        tags,
        params: idParam,
        body: incidentActionBody,
        response: { 200: incidentDetail, ...errors },
      },
    },
    async (req) => triage.actOnIncident(database, requireUser(req), req.params.id, req.body),
  );

  r.post(
    "/api/incidents/:id/merge",
    {
      schema: {
        operationId: "mergeIncident",
        tags,
        description: "Merge a duplicate into this report: it is closed as a duplicate and keeps its content.",
        params: idParam,
        body: mergeBody,
        response: { 200: incidentDetail, ...errors },
      },
    },
    async (req) => triage.mergeIncident(database, requireUser(req), req.params.id, req.body),
  );

  // Photos and documents attached to reports (incident-files.routes.ts).
  await incidentFileRoutes(app, { database });
  await policeReferralRoutes(app, { database });

  r.get(
    "/api/campaigns",
    {
      schema: {
        operationId: "listCampaigns",
        tags,
        description: "Waves of similar reports across territories, counted within the user's scope.",
        querystring: z.object({ status: z.enum(["open", "closed"]).optional() }),
        response: { 200: campaignList, ...errors },
      },
    },
    async (req) => campaigns.listCampaigns(database, requireUser(req).user.actor, req.query.status),
  );
  r.get(
    "/api/campaigns/:id",
    {
      schema: {
        operationId: "getCampaign",
        tags,
        params: idParam,
        response: { 200: campaignDetail, ...errors },
      },
    },
    async (req) => campaigns.getCampaign(database.db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/campaigns/:id/close",
    {
      schema: {
        operationId: "closeCampaign",
        tags,
        description: "Close every open report of the wave that you triage, recording the reason on each.",
        params: idParam,
        body: closeCampaignBody,
        response: { 200: closeCampaignResult, ...errors },
      },
    },
    async (req) => campaigns.closeCampaign(database, requireUser(req), req.params.id, req.body),
  );

  // Live board (Server-Sent Events): every change to a report the user may see, as it commits, on any
  // instance (PostgreSQL LISTEN/NOTIFY); a board that reconnects (Last-Event-ID) is first sent what it
  // missed, from the event log (platform/event-stream.ts). Streams end when the server shuts down.
  const streams = eventStreams(app, database, bus);
  app.get(
    "/api/events/incidents",
    {
      schema: {
        operationId: "incidentEvents",
        tags,
        // Each event carries its id; Last-Event-ID replays, `event: reset` says reload (event-stream.ts).
        description: "text/event-stream of incident changes (event: incident)",
      },
    },
    async (req, reply) => {
      const actor = requireUser(req).user.actor;
      await streams.serve(req, reply, {
        channel: events.INCIDENT_CHANNEL,
        event: "incident",
        visible: (payload) => canReadIncident(actor, payload as events.IncidentEvent),
      });
    },
  );
}
