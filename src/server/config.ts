/** Runtime configuration from the environment (12-factor); CLI flags override. */
export type RuntimeConfig = {
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  secureCookies: boolean;
  logger: boolean;
  poolSize: number;
  /** Assignments under control (R5): remind this many days before the deadline… */
  remindDaysBefore: number;
  /** …and escalate to the higher commission this many days after it passed. */
  escalateAfterDays: number;
  /** E-mail (optional): QORGAN_SMTP_URL and QORGAN_MAIL_FROM together; links use QORGAN_PUBLIC_URL. */
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
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
    remindDaysBefore: Number(env.QORGAN_REMIND_DAYS_BEFORE || 3),
    escalateAfterDays: Number(env.QORGAN_ESCALATE_AFTER_DAYS || 3),
    smtpUrl: env.QORGAN_SMTP_URL || undefined,
    mailFrom: env.QORGAN_MAIL_FROM || undefined,
    publicUrl: env.QORGAN_PUBLIC_URL || undefined,
  };
}
