/** Runtime configuration from the environment (12-factor); CLI flags override. */
export type RuntimeConfig = {
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  secureCookies: boolean;
  /**
   * Logs are JSON lines (pino) on stdout. `logger`: log at all (always, from the environment);
   * `requestLog`: a line per request and response — QORGAN_REQUEST_LOG=true/false, else off when
   * QORGAN_LOG=false (its older meaning); `logLevel`: QORGAN_LOG_LEVEL (default info). Errors and the
   * jobs' warnings are logged whatever the request log.
   */
  logger: boolean;
  requestLog: boolean;
  logLevel: string;
  /** QORGAN_EVENT_RETENTION_HOURS (default 24): how long a live board may be away and still catch up. */
  eventRetentionHours: number;
  poolSize: number;
  /** Assignments under control (R5): remind this many days before the deadline… */
  remindDaysBefore: number;
  /** …and escalate to the higher commission this many days after it passed. */
  escalateAfterDays: number;
  /** E-mail (optional): QORGAN_SMTP_URL and QORGAN_MAIL_FROM together; links use QORGAN_PUBLIC_URL. */
  smtpUrl?: string;
  mailFrom?: string;
  publicUrl?: string;
  /**
   * QORGAN_TRUSTED_PROXIES: addresses or CIDR ranges (comma-separated) of the load balancers whose
   * X-Forwarded-For / -Proto / -Host are believed. Default none: the client is the peer address.
   */
  trustedProxies: string[];
  /**
   * Signed audit checkpoints (audit.checkpoints.ts): QORGAN_AUDIT_KEY (Ed25519 private key file),
   * QORGAN_AUDIT_CHECKPOINT_DIR, QORGAN_AUDIT_CHECKPOINT_MINUTES (default 10);
   * QORGAN_AUDIT_CHECKPOINTS=off turns them off. Defaults beside the embedded data directory.
   */
  auditKey?: string;
  auditCheckpointDir?: string;
  auditCheckpointMinutes: number;
  auditCheckpoints: boolean;
  /**
   * Heavy work per instance (platform/heavy-work.ts): imports and generated XLSX/PDF documents at once
   * (QORGAN_HEAVY_CONCURRENCY, default 2) and waiting (QORGAN_HEAVY_QUEUE, default 8); more → 503.
   */
  heavyConcurrency: number;
  heavyQueue: number;
  /**
   * Online backups of the embedded database by the server (platform/backup-schedule.ts): every
   * QORGAN_BACKUP_EVERY_MINUTES (default 60) into QORGAN_BACKUP_DIR (none: no schedule), keeping the
   * QORGAN_BACKUP_KEEP newest (default 48).
   */
  /** QORGAN_SHED_BULK_READS=off: no shedding of bulk reads under load (platform/bulk-read-admission.ts). */
  shedBulkReads: boolean;
  backupDir?: string;
  backupEveryMinutes: number;
  backupKeep: number;
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.QORGAN_DATA_DIR || ".qorgan/db",
    host: env.HOST || "127.0.0.1",
    port: Number(env.PORT || 8080),
    secureCookies: env.QORGAN_SECURE_COOKIES === "true",
    logger: true,
    requestLog: env.QORGAN_REQUEST_LOG ? env.QORGAN_REQUEST_LOG !== "false" : env.QORGAN_LOG !== "false",
    logLevel: env.QORGAN_LOG_LEVEL || "info",
    eventRetentionHours: Math.max(0, Number(env.QORGAN_EVENT_RETENTION_HOURS || 24)),
    poolSize: Number(env.QORGAN_DB_POOL || 10),
    remindDaysBefore: Number(env.QORGAN_REMIND_DAYS_BEFORE || 3),
    escalateAfterDays: Number(env.QORGAN_ESCALATE_AFTER_DAYS || 3),
    smtpUrl: env.QORGAN_SMTP_URL || undefined,
    mailFrom: env.QORGAN_MAIL_FROM || undefined,
    publicUrl: env.QORGAN_PUBLIC_URL || undefined,
    trustedProxies: (env.QORGAN_TRUSTED_PROXIES ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    auditKey: env.QORGAN_AUDIT_KEY || undefined,
    auditCheckpointDir: env.QORGAN_AUDIT_CHECKPOINT_DIR || undefined,
    auditCheckpointMinutes: Number(env.QORGAN_AUDIT_CHECKPOINT_MINUTES || 10),
    auditCheckpoints: env.QORGAN_AUDIT_CHECKPOINTS !== "off",
    heavyConcurrency: Math.max(1, Number(env.QORGAN_HEAVY_CONCURRENCY || 2)),
    heavyQueue: Math.max(0, Number(env.QORGAN_HEAVY_QUEUE || 8)),
    shedBulkReads: env.QORGAN_SHED_BULK_READS !== "off",
    backupDir: env.QORGAN_BACKUP_DIR || undefined,
    backupEveryMinutes: Math.max(1, Number(env.QORGAN_BACKUP_EVERY_MINUTES || 60)),
    backupKeep: Math.max(1, Number(env.QORGAN_BACKUP_KEEP || 48)),
  };
}
