/**
 * The module's wiring: the public snapshot follows the event bus, the signed-in API and the public
 * page/feed answer from it. Registered by app.ts with its explicit dependencies.
 */
import type { FastifyInstance } from "fastify";
import type { Database } from "../../platform/db";
import type { EventBus } from "../../platform/events";
import { publicThreatLevelRoutes } from "./public.routes";
import { PublicSnapshot } from "./public-snapshot";
import { threatLevelRoutes } from "./threat-levels.routes";
import { defaultThreatLevelsConfig, type ThreatLevelsConfig } from "./threat-levels.service";

export type ThreatLevelsModuleConfig = ThreatLevelsConfig & {
  /** CAP `sender` (no spaces, commas, "<", "&"); default: QORGAN_PUBLIC_URL's host, else "qorgan.local". */
  capSender?: string;
};

export async function threatLevelsModule(
  app: FastifyInstance,
  deps: { database: Database; bus: EventBus; config?: ThreatLevelsModuleConfig; publicUrl?: string },
) {
  const config: ThreatLevelsModuleConfig = deps.config ?? defaultThreatLevelsConfig;
  const sender = config.capSender ?? (deps.publicUrl ? new URL(deps.publicUrl).host : "qorgan.local");
  const snapshot = new PublicSnapshot(deps.database, { sender, publicUrl: deps.publicUrl }).follow(deps.bus);
  app.addHook("onClose", async () => snapshot.close());
  await app.register(threatLevelRoutes, { database: deps.database, bus: deps.bus, snapshot, config });
  await app.register(publicThreatLevelRoutes, { snapshot });
}
