/** The real HTTP server on 127.0.0.1 with a seeded demo database (for browser and HTTP tests). */
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../src/server/app";
import { defaultIncidentsConfig, startIncidentJobs } from "../../src/server/modules/incidents";
import type { Database } from "../../src/server/platform/db";
import { openTestDatabase } from "./db";

export type TestServer = {
  baseUrl: string;
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
};

export async function startTestServer(): Promise<TestServer> {
  const database = await openTestDatabase();
  const app = await buildApp({ database, config: { signInRateLimit: 1000 } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  // Background work as in production (wave grouping every second, escalation).
  const stopJobs = startIncidentJobs(database, defaultIncidentsConfig);
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    database,
    async close() {
      stopJobs();
      await app.close();
      await database.close();
    },
  };
}
