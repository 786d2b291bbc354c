/** buildApp(deps): platform plugins, then each module's routes (explicit dependencies). */

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import {
  affectedPeopleRoutes,
  type PersonalDataSettings,
  testPersonalDataSettings,
} from "./modules/affected-people";
import { auditRoutes } from "./modules/audit";
import {
  ACCESS_CHANNEL,
  type AuthConfig,
  authRoutes,
  cacheSessions,
  defaultAuthConfig,
  peopleByIds,
  resolveSession,
} from "./modules/auth";
import {
  CONSEQUENCE_PUBLIC_CHANNEL,
  CONSEQUENCES_CHANNEL,
  type ConsequencesConfig,
  consequenceRoutes,
  defaultConsequencesConfig,
} from "./modules/consequences";
import {
  defaultIncidentsConfig,
  INCIDENT_CHANNEL,
  type IncidentsConfig,
  incidentMapRoutes,
  incidentRoutes,
} from "./modules/incidents";
import type { MailConfig } from "./modules/mail";
import { metaRoutes } from "./modules/meta";
import { OPERATION_CHANNEL, operationMapRoutes, operationRoutes } from "./modules/operations";
import { preventionRoutes } from "./modules/prevention";
import { BODY_CHANGED_CHANNEL, registryRoutes } from "./modules/registry";
import {
  defaultThreatLevelsConfig,
  THREAT_LEVEL_CHANNEL,
  type ThreatLevelsModuleConfig,
  threatLevelsModule,
} from "./modules/threat-levels";
import {
  defaultVulnerableObjectsConfig,
  type VulnerableObjectsConfig,
  vulnerableObjectRoutes,
} from "./modules/vulnerable-objects";
import { registerAuthHook } from "./platform/auth";
import { type BulkReadSettings, registerBulkReadAdmission } from "./platform/bulk-read-admission";
import type { Database } from "./platform/db";
import { logSerializers, registerErrorHandler } from "./platform/errors";
import { createEventBus } from "./platform/events";
import { defaultHeavyWorkSettings, type HeavyWorkSettings, registerHeavyWork } from "./platform/heavy-work";
import { registerOriginCheck } from "./platform/origin-check";
import { projectPath } from "./platform/paths";
import { sharedRateLimitStore } from "./platform/rate-limit-store";
import { registerSecurityHeaders } from "./platform/security-headers";

export type AppConfig = {
  /** Log at all (pino, JSON lines on stdout): operational messages, errors; tests and benches: false. */
  logger: boolean;
  /** With `logger`: also a line per request and per response (QORGAN_REQUEST_LOG; QORGAN_LOG=false: off). */
  requestLog?: boolean;
  /** With `logger`: the lowest level written (QORGAN_LOG_LEVEL, default info). */
  logLevel?: string;
  /** With `logger`: where the lines go instead of stdout (tests). */
  logStream?: NodeJS.WritableStream;
  secureCookies: boolean;
  auth: AuthConfig;
  webDir: string;
  version: string;
  /** Per-IP limit on sign-in attempts per minute. */
  signInRateLimit: number;
  incidents: IncidentsConfig;
  /** Catalogue of vulnerable objects' categories and required equipment (Decrees 234, 305), the police unit rule. */
  vulnerableObjects: VulnerableObjectsConfig;
  /** SMTP settings, or null: no e-mail (the control job and mail worker get the same, see main.ts). */
  mail: MailConfig | null;
  /**
   * Proxies whose X-Forwarded-* headers are believed (QORGAN_TRUSTED_PROXIES: IPs, CIDRs). Empty: none,
   * the client is the connection's peer — else anyone could pick the address that the sign-in rate
   * limit counts and the audit log records.
   */
  trustedProxies: string[];
  /** QORGAN_PUBLIC_URL when set: requests from its origin are the app's own (platform/origin-check.ts). */
  publicUrl?: string;
  /** Imports and generated documents at once / waiting, per instance (platform/heavy-work.ts). */
  heavyWork: HeavyWorkSettings;
  /** Who may declare threat levels where, and the CAP feed's sender (modules/threat-levels). */
  threatLevels: ThreatLevelsModuleConfig;
  /** Readiness staleness and plan review reminders (modules/consequences). */
  consequences: ConsequencesConfig;
  /** Bulk reads admitted at once / waiting before 503 (platform/bulk-read-admission.ts); null: no shedding. */
  bulkReads: BulkReadSettings | null;
  /**
   * Personal data of affected people (Law No. 94-V): the field-encryption key from outside the database
   * and the retention period (modules/affected-people/personal-data.settings.ts). Default: the fixed
   * test key — main.ts always passes the configured one.
   */
  personalData: PersonalDataSettings;
};

export const defaultConfig: AppConfig = {
  logger: false,
  secureCookies: false,
  auth: defaultAuthConfig,
  webDir: projectPath("dist/web"),
  version: "0.1.0",
  signInRateLimit: 20,
  incidents: defaultIncidentsConfig,
  vulnerableObjects: defaultVulnerableObjectsConfig,
  mail: null,
  trustedProxies: [],
  heavyWork: defaultHeavyWorkSettings,
  threatLevels: defaultThreatLevelsConfig,
  consequences: defaultConsequencesConfig,
  // Off for tests and tools that build the app; the server (main.ts) turns it on.
  bulkReads: null,
  personalData: testPersonalDataSettings(),
};

export async function buildApp(deps: {
  database: Database;
  config?: Partial<AppConfig>;
}): Promise<FastifyInstance> {
  const config = { ...defaultConfig, ...deps.config };
  const { database } = deps;
  const app = Fastify({
    logger: config.logger
      ? {
          level: config.logLevel ?? "info",
          ...(config.logStream ? { stream: config.logStream } : {}),
          redact: ["req.headers.cookie", "req.headers.authorization", "res.headers['set-cookie']"],
          // Request values stay out of the log (platform/errors.ts): route patterns, error classes and codes.
          serializers: logSerializers,
        }
      : false,
    // Request lines apart from the rest: QORGAN_LOG=false silences these only, never errors and jobs.
    logController: new LogController({ disableRequestLogging: config.requestLog === false }),
    genReqId: () => randomUUID(),
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    bodyLimit: 1_000_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { spaFallback: existsSync(resolve(config.webDir, "index.html")) });
  registerHeavyWork(app, config.heavyWork);

  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  // Counted in the database: a limit holds for all instances together (platform/rate-limit-store.ts).
  await app.register(fastifyRateLimit, { global: false, store: sharedRateLimitStore(database) });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Qorgan API",
        description: "Organisation of counter-terrorism activity (Government Decree No. 1404)",
        version: config.version,
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  // Before the session is resolved: a shed read costs no database work.
  registerBulkReadAdmission(app, config.bulkReads, { embedded: database.driver === "pglite" });
  registerAuthHook(app, (token) => resolveSession(database, token));
  registerOriginCheck(app, { publicUrl: config.publicUrl, secureCookies: config.secureCookies });
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
    if (req.url.startsWith("/api/") && !reply.hasHeader("cache-control"))
      reply.header("cache-control", "no-store");
  });

  await app.register(metaRoutes, { database, version: config.version });
  await app.register(authRoutes, {
    database,
    secureCookies: config.secureCookies,
    authConfig: config.auth,
    signInRateLimit: config.signInRateLimit,
    mailEnabled: config.mail !== null,
  });
  await app.register(registryRoutes, { database });
  await app.register(auditRoutes, { database, people: (ids) => peopleByIds(database.db, ids) });
  const bus = await createEventBus(
    database,
    [
      INCIDENT_CHANNEL,
      ACCESS_CHANNEL,
      BODY_CHANGED_CHANNEL,
      THREAT_LEVEL_CHANNEL,
      CONSEQUENCES_CHANNEL,
      CONSEQUENCE_PUBLIC_CHANNEL,
      OPERATION_CHANNEL,
    ],
    database.url,
  );
  const stopCachingSessions = cacheSessions(database, bus);
  app.addHook("onClose", async () => {
    stopCachingSessions();
    await bus.close();
  });
  await app.register(incidentRoutes, { database, config: config.incidents, bus });
  await app.register(operationRoutes, { database, bus });
  // The operating picture's layers, each answered by the module that owns the records (one map, R16–R18).
  await app.register(incidentMapRoutes, { database });
  await app.register(operationMapRoutes, { database });
  await app.register(preventionRoutes, { database });
  await app.register(vulnerableObjectRoutes, { database, config: config.vulnerableObjects, bus });
  await app.register(affectedPeopleRoutes, { database, pd: config.personalData });
  await app.register(threatLevelsModule, {
    database,
    bus,
    config: { ...config.threatLevels, mail: config.mail },
    publicUrl: config.publicUrl,
  });
  await app.register(consequenceRoutes, { database, bus, config: config.consequences });

  if (existsSync(config.webDir)) {
    await app.register(fastifyStatic, { root: config.webDir, prefix: "/", wildcard: false });
  }
  return app;
}
