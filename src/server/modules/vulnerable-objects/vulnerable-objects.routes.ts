/** Routes of the registry of vulnerable objects (R10.5; Law art. 10-1–10-3): thin — contract, signed-in user, one service call. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../../domain/contracts/common";
import {
  catalogueView,
  complianceQuery,
  complianceView,
  drillBody,
  drillCandidatesQuery,
  drillCandidates as drillCandidatesView,
  drillList,
  drillParam,
  inspectionBody,
  inspectionList,
  inspectionView,
  listVersionBody,
  listVersions,
  listVersionView,
  objectBody,
  objectDetail,
  objectExportQuery,
  objectIdParam,
  objectImportBody,
  objectImportQuery,
  objectImportReport,
  objectList,
  objectListQuery,
  objectMapLayer,
  objectMapQuery,
  passportActionBody,
  passportSaveBody,
  passportVersions,
  passportView,
  programmeBody,
  programmeItemBody,
  programmeItemParam,
  programmeItemUpdate,
  programmeList,
  programmeQuery,
  programmeView,
  scanBody,
  territoryQuery,
  updateObjectBody,
} from "../../../domain/contracts/vulnerable-objects";
import { requireUser } from "../../platform/auth";
import type { Database } from "../../platform/db";
import type { EventBus } from "../../platform/events";
import { runHeavy } from "../../platform/heavy-work";
import { compliance, complianceXlsx } from "./compliance.service";
import { drillCandidates, linkDrill, listDrills, unlinkDrill } from "./drills.service";
import { listInspections, recordInspection } from "./inspections.service";
import { approveListVersion, listVersionsOf } from "./lists.service";
import { followObjectNames } from "./names-while-listening";
import type { VulnerableObjectsConfig } from "./objects.config";
import { listObjects } from "./objects.list";
import { objectMap } from "./objects.map";
import { catalogue, createObject, getObject, updateObject } from "./objects.service";
import { exportObjects, importObjects } from "./objects.xlsx";
import {
  actOnPassport,
  attachScan,
  readPassport,
  readScan,
  savePassport,
  passportVersions as versionsOf,
} from "./passports.service";
import {
  addProgrammeItem,
  createProgramme,
  getProgramme,
  listProgrammes,
  updateProgrammeItem,
} from "./programmes.service";

const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const numberParam = objectIdParam.extend({ number: z.coerce.number().int().min(1).max(100_000) });

export async function vulnerableObjectRoutes(
  app: FastifyInstance,
  deps: { database: Database; config: VulnerableObjectsConfig; bus: EventBus },
) {
  const { database, config } = deps;
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["vulnerable-objects"];
  // Owners' and territories' names of list rows held while this instance hears of changes to them.
  const stopNames = followObjectNames(db, deps.bus);
  app.addHook("onClose", async () => stopNames());

  r.get(
    "/api/objects/catalogue",
    { schema: { operationId: "objectCatalogue", tags, response: { 200: catalogueView, ...errors } } },
    async (req) => {
      requireUser(req);
      return catalogue(config);
    },
  );
  r.get(
    "/api/objects",
    {
      schema: {
        operationId: "listObjects",
        tags,
        querystring: objectListQuery,
        response: { 200: objectList, ...errors },
      },
    },
    async (req) => listObjects(db, requireUser(req).user.actor, req.query),
  );
  r.post(
    "/api/objects",
    {
      schema: {
        operationId: "createObject",
        tags,
        body: objectBody,
        response: { 201: objectDetail, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createObject(database, requireUser(req), req.body, config)),
  );
  r.get(
    "/api/objects/map",
    {
      schema: {
        operationId: "objectMap",
        tags,
        querystring: objectMapQuery,
        response: { 200: objectMapLayer, ...errors },
      },
    },
    async (req) => objectMap(db, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/objects/export.xlsx",
    { schema: { operationId: "exportObjects", tags, querystring: objectExportQuery } },
    async (req, reply) => {
      const ctx = requireUser(req);
      const content = await runHeavy(reply, "export", () =>
        exportObjects(db, ctx, req.query, req.query.lang, config),
      );
      reply.header("content-type", XLSX).header("content-disposition", 'attachment; filename="objects.xlsx"');
      return content;
    },
  );
  r.post(
    "/api/objects/import",
    {
      schema: {
        operationId: "importObjects",
        tags,
        body: objectImportBody,
        querystring: objectImportQuery,
        response: { 200: objectImportReport, ...errors },
      },
      bodyLimit: 8_000_000,
    },
    async (req, reply) => {
      const ctx = requireUser(req);
      return runHeavy(reply, "import", () =>
        importObjects(database, ctx, req.body, req.query.dryRun === "true", config),
      );
    },
  );
  r.get(
    "/api/objects/compliance",
    {
      schema: {
        operationId: "objectCompliance",
        tags,
        querystring: complianceQuery,
        response: { 200: complianceView, ...errors },
      },
    },
    async (req) => compliance(db, requireUser(req).user.actor, req.query),
  );
  r.get(
    "/api/objects/compliance.xlsx",
    { schema: { operationId: "objectComplianceXlsx", tags, querystring: complianceQuery } },
    async (req, reply) => {
      const data = await compliance(db, requireUser(req).user.actor, req.query);
      const content = await runHeavy(reply, "export", () => complianceXlsx(data, req.query.lang));
      reply
        .header("content-type", XLSX)
        .header(
          "content-disposition",
          `attachment; filename="objects-compliance-${data.territory.code}.xlsx"`,
        );
      return content;
    },
  );
  r.get(
    "/api/objects/:id",
    {
      schema: {
        operationId: "getObject",
        tags,
        params: objectIdParam,
        response: { 200: objectDetail, ...errors },
      },
    },
    async (req) => getObject(db, requireUser(req).user.actor, req.params.id, config),
  );
  r.patch(
    "/api/objects/:id",
    {
      schema: {
        operationId: "updateObject",
        tags,
        params: objectIdParam,
        body: updateObjectBody,
        response: { 200: objectDetail, ...errors },
      },
    },
    async (req) => updateObject(database, requireUser(req), req.params.id, req.body, config),
  );

  // The passport: contents only with its own permission; every read audited.
  r.get(
    "/api/objects/:id/passports",
    {
      schema: {
        operationId: "objectPassportVersions",
        tags,
        params: objectIdParam,
        response: { 200: passportVersions, ...errors },
      },
    },
    async (req) => versionsOf(db, requireUser(req), req.params.id),
  );
  r.get(
    "/api/objects/:id/passport",
    {
      schema: {
        operationId: "readObjectPassport",
        tags,
        params: objectIdParam,
        response: { 200: passportView, ...errors },
      },
    },
    async (req) => readPassport(database, requireUser(req), req.params.id, undefined, config),
  );
  r.get(
    "/api/objects/:id/passports/:number",
    {
      schema: {
        operationId: "readObjectPassportVersion",
        tags,
        params: numberParam,
        response: { 200: passportView, ...errors },
      },
    },
    async (req) => readPassport(database, requireUser(req), req.params.id, req.params.number, config),
  );
  r.get(
    "/api/objects/:id/passports/:number/scan",
    { schema: { operationId: "objectPassportScan", tags, params: numberParam } },
    async (req, reply) => {
      const f = await readScan(database, requireUser(req), req.params.id, req.params.number);
      reply
        .header("content-type", f.mime)
        .header("content-disposition", `attachment; filename="${encodeURIComponent(f.filename)}"`);
      return f.content;
    },
  );
  r.put(
    "/api/objects/:id/passport",
    {
      schema: {
        operationId: "saveObjectPassport",
        tags,
        params: objectIdParam,
        body: passportSaveBody,
        response: { 200: passportView, ...errors },
      },
    },
    async (req) => savePassport(database, requireUser(req), req.params.id, req.body, config),
  );
  r.post(
    "/api/objects/:id/passport/actions",
    {
      schema: {
        operationId: "actOnObjectPassport",
        tags,
        params: objectIdParam,
        body: passportActionBody,
        response: { 200: passportView, ...errors },
      },
    },
    async (req) => actOnPassport(database, requireUser(req), req.params.id, req.body, config),
  );
  r.post(
    "/api/objects/:id/passport/scan",
    {
      schema: {
        operationId: "attachObjectPassportScan",
        tags,
        params: objectIdParam,
        body: scanBody,
        response: { 200: passportView, ...errors },
      },
      bodyLimit: 15_000_000,
    },
    async (req) => attachScan(database, requireUser(req), req.params.id, req.body, config),
  );

  // Inspections: findings become orders under control (prevention's assignments).
  r.get(
    "/api/objects/:id/inspections",
    {
      schema: {
        operationId: "listObjectInspections",
        tags,
        params: objectIdParam,
        response: { 200: inspectionList, ...errors },
      },
    },
    async (req) => listInspections(db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/objects/:id/inspections",
    {
      schema: {
        operationId: "recordObjectInspection",
        tags,
        params: objectIdParam,
        body: inspectionBody,
        response: { 201: inspectionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await recordInspection(database, requireUser(req), req.params.id, req.body)),
  );

  // Drills at the object: links to the commissions' exercises (R10.3), read through prevention.
  r.get(
    "/api/objects/:id/drills",
    {
      schema: {
        operationId: "listObjectDrills",
        tags,
        params: objectIdParam,
        response: { 200: drillList, ...errors },
      },
    },
    async (req) => listDrills(db, requireUser(req).user.actor, req.params.id),
  );
  r.get(
    "/api/objects/:id/drill-candidates",
    {
      schema: {
        operationId: "objectDrillCandidates",
        tags,
        params: objectIdParam,
        querystring: drillCandidatesQuery,
        response: { 200: drillCandidatesView, ...errors },
      },
    },
    async (req) => drillCandidates(db, requireUser(req).user.actor, req.params.id, req.query.q),
  );
  r.post(
    "/api/objects/:id/drills",
    {
      schema: {
        operationId: "linkObjectDrill",
        tags,
        params: objectIdParam,
        body: drillBody,
        response: { 201: drillList, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await linkDrill(database, requireUser(req), req.params.id, req.body.exerciseId)),
  );
  r.delete(
    "/api/objects/:id/drills/:exerciseId",
    {
      schema: {
        operationId: "unlinkObjectDrill",
        tags,
        params: drillParam,
        response: { 200: drillList, ...errors },
      },
    },
    async (req) => unlinkDrill(database, requireUser(req), req.params.id, req.params.exerciseId),
  );

  // The territorial list, approved by the commission's protocol decision.
  r.get(
    "/api/object-lists",
    {
      schema: {
        operationId: "objectListVersions",
        tags,
        querystring: territoryQuery,
        response: { 200: listVersions, ...errors },
      },
    },
    async (req) => listVersionsOf(db, requireUser(req).user.actor, req.query.territory),
  );
  r.post(
    "/api/object-lists",
    {
      schema: {
        operationId: "approveObjectList",
        tags,
        body: listVersionBody,
        response: { 201: listVersionView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await approveListVersion(database, requireUser(req), req.body)),
  );

  // Target programmes (R10.5).
  r.get(
    "/api/object-programmes",
    {
      schema: {
        operationId: "listObjectProgrammes",
        tags,
        querystring: programmeQuery,
        response: { 200: programmeList, ...errors },
      },
    },
    async (req) => listProgrammes(db, requireUser(req).user.actor, req.query),
  );
  r.post(
    "/api/object-programmes",
    {
      schema: {
        operationId: "createObjectProgramme",
        tags,
        body: programmeBody,
        response: { 201: programmeView, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await createProgramme(database, requireUser(req), req.body)),
  );
  r.get(
    "/api/object-programmes/:id",
    {
      schema: {
        operationId: "getObjectProgramme",
        tags,
        params: objectIdParam,
        response: { 200: programmeView, ...errors },
      },
    },
    async (req) => getProgramme(db, requireUser(req).user.actor, req.params.id),
  );
  r.post(
    "/api/object-programmes/:id/items",
    {
      schema: {
        operationId: "addObjectProgrammeItem",
        tags,
        params: objectIdParam,
        body: programmeItemBody,
        response: { 201: programmeView, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addProgrammeItem(database, requireUser(req), req.params.id, req.body)),
  );
  r.patch(
    "/api/object-programmes/:id/items/:itemId",
    {
      schema: {
        operationId: "updateObjectProgrammeItem",
        tags,
        params: programmeItemParam,
        body: programmeItemUpdate,
        response: { 200: programmeView, ...errors },
      },
    },
    async (req) =>
      updateProgrammeItem(database, requireUser(req), req.params.id, req.params.itemId, req.body),
  );
}
