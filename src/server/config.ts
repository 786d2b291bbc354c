/** Runtime configuration from the environment (12-factor); CLI flags override. */
export type RuntimeConfig = {
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  secureCookies: boolean;
  logger: boolean;
  poolSize: number;
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.QORGAN_DATA_DIR || ".qorgan/db",
    host: env.HOST || "127.0.0.1",
    port: Number(env.PORT || 8080),
    secureCookies: env.QORGAN_SECURE_COOKIES === "true",
    logger: env.QORGAN_LOG !== "false",
    poolSize: Number(env.QORGAN_DB_POOL || 10),
  };
}
