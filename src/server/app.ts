/** buildApp(deps): platform plugins, then each module's routes (style §7: explicit dependencies). */

import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { auditRoutes } from "./modules/audit/audit.routes";
import { authRoutes } from "./modules/auth/auth.routes";
import {
  ACCESS_CHANNEL,
  type AuthConfig,
  cacheSessions,
  defaultAuthConfig,
} from "./modules/auth/auth.service";
import { incidentRoutes } from "./modules/incidents/incidents.routes";
import {
  defaultIncidentsConfig,
  INCIDENT_CHANNEL,
  type IncidentsConfig,
} from "./modules/incidents/incidents.service";
import type { MailConfig } from "./modules/mail/mail.service";
import { metaRoutes } from "./modules/meta/meta.routes";
import { operationRoutes } from "./modules/operations/operations.routes";
import { preventionRoutes } from "./modules/prevention/prevention.routes";
import { BODY_CHANGED_CHANNEL } from "./modules/registry/body-index";
import { registryRoutes } from "./modules/registry/registry.routes";
import { registerAuthHook } from "./platform/auth";
import type { Database } from "./platform/db";
import { registerErrorHandler } from "./platform/errors";
import { createEventBus } from "./platform/events";
import { projectPath } from "./platform/paths";
import { registerSecurityHeaders } from "./platform/security-headers";

export type AppConfig = {
  logger: boolean;
  secureCookies: boolean;
  auth: AuthConfig;
  webDir: string;
  version: string;
  /** Per-IP limit on sign-in attempts per minute. */
  signInRateLimit: number;
  incidents: IncidentsConfig;
  /** SMTP settings, or null: no e-mail (the control job and mail worker get the same, see main.ts). */
  mail: MailConfig | null;
};

export const defaultConfig: AppConfig = {
  logger: false,
  secureCookies: false,
  auth: defaultAuthConfig,
  webDir: projectPath("dist/web"),
  version: "0.1.0",
  signInRateLimit: 20,
  incidents: defaultIncidentsConfig,
  mail: null,
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
          level: "info",
          redact: ["req.headers.cookie", "req.headers.authorization", "res.headers['set-cookie']"],
        }
      : false,
    genReqId: () => randomUUID(),
    trustProxy: true,
    bodyLimit: 1_000_000,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { spaFallback: existsSync(resolve(config.webDir, "index.html")) });

  registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
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

  registerAuthHook(app, database);
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
  await app.register(auditRoutes, { database });
  const bus = await createEventBus(
    database,
    [INCIDENT_CHANNEL, ACCESS_CHANNEL, BODY_CHANGED_CHANNEL],
    database.url,
  );
  const stopCachingSessions = cacheSessions(database, bus);
  app.addHook("onClose", async () => {
    stopCachingSessions();
    await bus.close();
  });
  await app.register(incidentRoutes, { database, config: config.incidents, bus });
  await app.register(operationRoutes, { database });
  await app.register(preventionRoutes, { database });

  if (existsSync(config.webDir)) {
    await app.register(fastifyStatic, { root: config.webDir, prefix: "/", wildcard: false });
  }
  return app;
}
