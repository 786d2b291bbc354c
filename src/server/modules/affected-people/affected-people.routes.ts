/**
 * Affected-people routes (R20, R21.2, R21.5; Law No. 94-V): thin — contract, the signed-in user, one
 * service call. Every person route answers 404 to whoever may not handle the case. The IIN travels in
 * bodies only, never in a URL (URLs reach logs and proxies).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  accessList,
  accessView,
  caseList,
  caseParam,
  entryBody,
  grantAccessBody,
  granteeList,
  granteesQuery,
  lookupBody,
  matchList,
  matchParam,
  personDetail,
  personList,
  personParam,
  registerPersonBody,
  registerResult,
  statisticsQuery,
  statistics as statisticsSchema,
  subjectExport,
  subjectFileQuery,
  updatePersonBody,
} from "../../../domain/contracts/affected-people";
import { errorResponse, okResponse } from "../../../domain/contracts/common";
import { requireUser } from "../../platform/auth";
import { runHeavy } from "../../platform/heavy-work";
import { grantCaseAccess, granteesOf, listCaseAccess, revokeCaseAccess } from "./case-access";
import { listCasePersons, listCases, statistics } from "./cases.service";
import type { Deps } from "./personal-data.settings";
import { subjectPdf } from "./persons.export";
import {
  addEntry,
  closePerson,
  exportPerson,
  lookupByIin,
  readPerson,
  registerPerson,
  updatePerson,
} from "./persons.service";
import { confirmMatch, listMatches, rejectMatch } from "./reconciliation.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const emptyBody = z.object({}).optional();

export async function affectedPeopleRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["affected-people"];
  const base = "/api/affected-people";

  r.get(
    `${base}/cases`,
    { schema: { operationId: "listAffectedCases", tags, response: { 200: caseList, ...errors } } },
    async (req) => listCases(deps, requireUser(req)),
  );
  r.get(
    `${base}/statistics`,
    {
      schema: {
        operationId: "affectedPeopleStatistics",
        tags,
        querystring: statisticsQuery,
        response: { 200: statisticsSchema, ...errors },
      },
    },
    async (req) => statistics(deps, requireUser(req), req.query),
  );
  r.get(
    `${base}/cases/:incidentId/persons`,
    {
      schema: {
        operationId: "listAffectedPersons",
        tags,
        params: caseParam,
        response: { 200: personList, ...errors },
      },
    },
    async (req) => listCasePersons(deps, requireUser(req), req.params.incidentId),
  );
  r.post(
    `${base}/cases/:incidentId/persons`,
    {
      schema: {
        operationId: "registerAffectedPerson",
        tags,
        params: caseParam,
        body: registerPersonBody,
        response: { 200: registerResult, 201: registerResult, ...errors },
      },
    },
    async (req, reply) => {
      const res = await registerPerson(deps, requireUser(req), req.params.incidentId, req.body);
      return reply.status(res.linked ? 200 : 201).send(res);
    },
  );
  r.get(
    `${base}/cases/:incidentId/matches`,
    {
      schema: {
        operationId: "listAffectedPersonMatches",
        tags,
        params: caseParam,
        response: { 200: matchList, ...errors },
      },
    },
    async (req) => listMatches(deps, requireUser(req), req.params.incidentId),
  );
  r.get(
    `${base}/cases/:incidentId/access`,
    {
      schema: {
        operationId: "listAffectedCaseAccess",
        tags,
        params: caseParam,
        response: { 200: accessList, ...errors },
      },
    },
    async (req) => listCaseAccess(deps.database.db, requireUser(req).user.actor, req.params.incidentId),
  );
  r.post(
    `${base}/cases/:incidentId/access`,
    {
      schema: {
        operationId: "grantAffectedCaseAccess",
        tags,
        params: caseParam,
        body: grantAccessBody,
        response: { 201: accessView, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await grantCaseAccess(deps.database, requireUser(req), req.params.incidentId, req.body)),
  );
  r.get(
    `${base}/cases/:incidentId/grantees`,
    {
      schema: {
        operationId: "listAffectedCaseGrantees",
        tags,
        description: "Accounts of a body the case's granter may give access to (display names only)",
        params: caseParam,
        querystring: granteesQuery,
        response: { 200: granteeList, ...errors },
      },
    },
    async (req) =>
      granteesOf(deps.database.db, requireUser(req).user.actor, req.params.incidentId, req.query.body),
  );
  r.post(
    `${base}/access/:id/revoke`,
    {
      schema: {
        operationId: "revokeAffectedCaseAccess",
        tags,
        params: personParam,
        body: emptyBody,
        response: { 200: accessView, ...errors },
      },
    },
    async (req) => revokeCaseAccess(deps.database, requireUser(req), req.params.id),
  );
  r.post(
    `${base}/lookup`,
    {
      schema: {
        operationId: "lookupAffectedPerson",
        tags,
        body: lookupBody,
        response: { 200: z.object({ items: z.array(personDetail) }), ...errors },
      },
    },
    async (req) => ({ items: await lookupByIin(deps, requireUser(req), req.body.iin) }),
  );
  r.get(
    `${base}/persons/:id`,
    {
      schema: {
        operationId: "getAffectedPerson",
        tags,
        params: personParam,
        response: { 200: personDetail, ...errors },
      },
    },
    async (req) => readPerson(deps, requireUser(req), req.params.id),
  );
  r.put(
    `${base}/persons/:id`,
    {
      schema: {
        operationId: "updateAffectedPerson",
        tags,
        params: personParam,
        body: updatePersonBody,
        response: { 200: personDetail, ...errors },
      },
    },
    async (req) => updatePerson(deps, requireUser(req), req.params.id, req.body),
  );
  r.post(
    `${base}/persons/:id/entries`,
    {
      schema: {
        operationId: "addAffectedPersonEntry",
        tags,
        params: personParam,
        body: entryBody,
        response: { 201: personDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addEntry(deps, requireUser(req), req.params.id, req.body)),
  );
  r.post(
    `${base}/persons/:id/close`,
    {
      schema: {
        operationId: "closeAffectedPerson",
        tags,
        params: personParam,
        body: emptyBody,
        response: { 200: personDetail, ...errors },
      },
    },
    async (req) => closePerson(deps, requireUser(req), req.params.id),
  );
  r.get(
    `${base}/persons/:id/export`,
    {
      schema: {
        operationId: "exportAffectedPerson",
        tags,
        params: personParam,
        response: { 200: subjectExport, ...errors },
      },
    },
    async (req, reply) => {
      const file = await exportPerson(deps, requireUser(req), req.params.id);
      reply.header("content-disposition", `attachment; filename="personal-data-${req.params.id}.json"`);
      return file;
    },
  );
  r.get(
    `${base}/persons/:id/export.pdf`,
    {
      schema: {
        operationId: "exportAffectedPersonPdf",
        tags,
        description: "The data subject's own file as PDF (kk, ru, en); audited as an export of the person",
        params: personParam,
        querystring: subjectFileQuery,
      },
    },
    async (req, reply) => {
      const file = await exportPerson(deps, requireUser(req), req.params.id);
      const pdf = await runHeavy(reply, "pdf", () => subjectPdf(file, req.query.lang));
      reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="personal-data-${req.params.id}-${req.query.lang}.pdf"`,
        );
      return pdf;
    },
  );
  r.post(
    `${base}/matches/:id/confirm`,
    {
      schema: {
        operationId: "confirmAffectedPersonMatch",
        tags,
        params: matchParam,
        body: emptyBody,
        response: { 200: z.object({ personId: z.string() }), ...errors },
      },
    },
    async (req) => confirmMatch(deps, requireUser(req), req.params.id),
  );
  r.post(
    `${base}/matches/:id/reject`,
    {
      schema: {
        operationId: "rejectAffectedPersonMatch",
        tags,
        params: matchParam,
        body: emptyBody,
        response: { 200: okResponse, ...errors },
      },
    },
    async (req) => rejectMatch(deps, requireUser(req), req.params.id),
  );
}
