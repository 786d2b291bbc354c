/**
 * Accounts and sessions: argon2id passwords, DB sessions, lock-out after repeated failures,
 * optional TOTP second factor. Every sign-in, failure and change is audited.
 */
import { hash, randomBytes } from "node:crypto";
import { hash as argonHash, verify as argonVerify } from "@node-rs/argon2";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import * as OTPAuth from "otpauth";
import type { Locale } from "../../../domain/contracts/common";
import type { Grant, Role } from "../../../domain/roles";
import { CacheWhileListening } from "../../platform/cache-while-listening";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError } from "../../platform/errors";
import type { EventBus } from "../../platform/events";
import { auditAlone, writeAudit } from "../audit";
import { retargetQueuedMail } from "../mail";
import { bodyById, territoriesByCodes, territoryByCode } from "../registry";
import { appUser, roleGrant, session } from "./auth.tables";
import { countUnknownNameFailure, unknownNameLockedUntil } from "./unknown-name-lockout";

export type AuthConfig = {
  sessionHours: number;
  maxFailedAttempts: number;
  lockMinutes: number;
};
export const defaultAuthConfig: AuthConfig = { sessionHours: 12, maxFailedAttempts: 5, lockMinutes: 15 };

const ARGON = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const; // OWASP argon2id minimum
export const hashPassword = (p: string) => argonHash(p, ARGON);
const DUMMY_HASH = hashPassword("timing-equaliser-not-a-password");

export const tokenHash = (token: string) => hash("sha256", token, "hex");

export type SessionUser = {
  id: string;
  username: string;
  displayName: string;
  locale: Locale;
  email: string | null;
  totpEnabled: boolean;
  grants: (Grant & { territoryCode: string })[];
};

export async function loadGrants(database: Database, userId: string) {
  const rows = await database.db
    .select({ role: roleGrant.role, bodyId: roleGrant.bodyId, territoryCode: roleGrant.territoryCode })
    .from(roleGrant)
    .where(eq(roleGrant.userId, userId));
  const paths = await grantPaths(database.db, rows);
  return rows.flatMap((r) => {
    const territoryPath = paths.get(r.territoryCode);
    return territoryPath ? [{ ...r, role: r.role as Role, territoryPath }] : [];
  });
}

/** The territory paths (registry) of the grants' territories, by code. */
async function grantPaths(db: DbOrTx, grants: readonly { territoryCode: string | null }[]) {
  const codes = grants.flatMap((g) => (g.territoryCode ? [g.territoryCode] : []));
  if (!codes.length) return new Map<string, string>();
  return new Map((await territoriesByCodes(db, codes)).map((t) => [t.code, t.path]));
}

export type SignInResult = { token: string; userId: string; expiresAt: Date };

export async function signIn(
  database: Database,
  ctx: RequestContext,
  input: { username: string; password: string; totp?: string; userAgent: string },
  cfg: AuthConfig = defaultAuthConfig,
): Promise<SignInResult> {
  const username = input.username.trim().toLowerCase();
  // The lock of a name without an account is looked up for every name, so that both take as long.
  const [[user], nameLockedUntil] = await Promise.all([
    database.db.select().from(appUser).where(eq(appUser.username, username)).limit(1),
    unknownNameLockedUntil(database.db, username),
  ]);
  const fail = async (code: string, status = 401, vars: Record<string, string> = {}) => {
    await auditAlone(database, ctx, {
      action: "auth.sign_in_failed",
      entityType: "user",
      entityId: user?.id ?? username,
      after: { username, reason: code },
      outcome: "failure",
      actorName: username,
    });
    return new AppError(status, code, vars);
  };
  if (!user?.active) {
    // No account by this name: the same answers, in the same order and time, as a real one's
    // (unknown-name-lockout.ts), so that the answers do not tell which names exist.
    if (nameLockedUntil)
      throw await fail("locked", 423, { until: formatAlmaty(nameLockedUntil, ctx.locale) });
    await argonVerify(await DUMMY_HASH, input.password).catch(() => false);
    await database.db.transaction(async (tx) => {
      const lock = await countUnknownNameFailure(tx, username, cfg.maxFailedAttempts, cfg.lockMinutes);
      if (lock) {
        await writeAudit(tx, ctx, {
          action: "auth.locked",
          entityType: "user",
          entityId: username,
          after: { lockedUntil: lock.toISOString() },
          outcome: "failure",
        });
      }
    });
    throw await fail("invalid_credentials");
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    throw await fail("locked", 423, { until: formatAlmaty(user.lockedUntil, ctx.locale) });
  }
  const okPassword = await argonVerify(user.passwordHash, input.password).catch(() => false);
  let code = okPassword ? null : "invalid_credentials";
  if (!code && user.totpEnabled) {
    if (!input.totp) {
      // Password right, second factor still needed: not counted as a failure.
      throw new AppError(401, "totp_required");
    }
    if (!verifyTotp(user.totpSecret!, input.totp, user.username)) code = "totp_invalid";
  }
  if (code) {
    await database.db.transaction(async (tx) => {
      // Atomic increment: concurrent failures all count.
      const [{ failed }] = await tx
        .update(appUser)
        .set({ failedAttempts: sql`${appUser.failedAttempts} + 1` })
        .where(eq(appUser.id, user.id))
        .returning({ failed: appUser.failedAttempts });
      const lock = failed >= cfg.maxFailedAttempts ? new Date(Date.now() + cfg.lockMinutes * 60_000) : null;
      if (lock) {
        await tx.update(appUser).set({ failedAttempts: 0, lockedUntil: lock }).where(eq(appUser.id, user.id));
        await writeAudit(tx, ctx, {
          action: "auth.locked",
          entityType: "user",
          entityId: user.id,
          after: { lockedUntil: lock.toISOString() },
          outcome: "failure",
        });
      }
    });
    throw await fail(code);
  }
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + cfg.sessionHours * 3_600_000);
  await database.db.transaction(async (tx) => {
    await tx.insert(session).values({
      tokenHash: tokenHash(token),
      userId: user.id,
      expiresAt,
      ip: ctx.ip,
      userAgent: input.userAgent.slice(0, 300),
    });
    await tx
      .update(appUser)
      .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() })
      .where(eq(appUser.id, user.id));
    await writeAudit(
      tx,
      {
        ...ctx,
        user: {
          id: user.id,
          username: user.username,
          displayName: user.displayName,
          actor: { userId: user.id, grants: [] },
        },
      },
      {
        action: "auth.sign_in",
        entityType: "user",
        entityId: user.id,
      },
    );
  });
  return { token, userId: user.id, expiresAt };
}

/** NOTIFY channel of changes to accounts, grants, sessions and territories (migration 0018). */
export const ACCESS_CHANNEL = "qorgan_access_changed";

/**
 * Resolved sessions, held for a minute while this instance hears of every change to who may do
 * what (migration 0018: NOTIFY on commit of any change to accounts, grants, sessions or
 * territories — platform/cache-while-listening.ts), on the embedded database and on a server alike.
 */
const sessionCaches = new WeakMap<Database, CacheWhileListening<SessionUser>>();
const cacheOf = (database: Database) => {
  let c = sessionCaches.get(database);
  if (!c) {
    c = new CacheWhileListening<SessionUser>(60_000);
    sessionCaches.set(database, c);
  }
  return c;
};

/** Hold resolved sessions while this bus hears ACCESS_CHANNEL; returns the way to stop. */
export function cacheSessions(database: Database, bus: EventBus): () => void {
  return cacheOf(database).follow(bus, ACCESS_CHANNEL, (payload) =>
    typeof payload === "string" && payload !== "*" ? (u) => u.id === payload : "all",
  );
}

/** Whether this instance holds resolved sessions now (its listener is up): for diagnostics and tests. */
export function holdingSessions(database: Database): boolean {
  return sessionCaches.get(database)?.active ?? false;
}

/** Drop every resolved session held by this instance (its own writes; others hear them by NOTIFY). */
export function forgetSessions(database: Database) {
  sessionCaches.get(database)?.clear();
}

export async function resolveSession(database: Database, token: string): Promise<SessionUser | null> {
  const th = tokenHash(token);
  const cache = cacheOf(database);
  const now = Date.now();
  const hit = cache.get(th, now);
  if (hit) return hit;
  const generation = cache.generation;
  // The session, its user and the user's grants (one row per grant, or one with none); then the
  // grants' territory paths from the registry.
  const rows = await database.db
    .select({
      user: appUser,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      role: roleGrant.role,
      bodyId: roleGrant.bodyId,
      territoryCode: roleGrant.territoryCode,
    })
    .from(session)
    .innerJoin(appUser, eq(appUser.id, session.userId))
    .leftJoin(roleGrant, eq(roleGrant.userId, appUser.id))
    .where(and(eq(session.tokenHash, th), gt(session.expiresAt, new Date()), eq(appUser.active, true)));
  const row = rows[0];
  if (!row) return null;
  const paths = await grantPaths(database.db, rows);
  if (Date.now() - row.lastSeenAt.getTime() > 5 * 60_000) {
    await database.db.update(session).set({ lastSeenAt: new Date() }).where(eq(session.tokenHash, th));
  }
  const grants = rows.flatMap((r) =>
    r.role && r.bodyId && r.territoryCode && paths.has(r.territoryCode)
      ? [
          {
            role: r.role as Role,
            bodyId: r.bodyId,
            territoryCode: r.territoryCode,
            territoryPath: paths.get(r.territoryCode) as string,
          },
        ]
      : [],
  );
  const user: SessionUser = {
    id: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    locale: row.user.locale as Locale,
    email: row.user.email,
    totpEnabled: row.user.totpEnabled,
    grants,
  };
  cache.put(th, user, now, generation, row.expiresAt.getTime());
  return user;
}

export async function signOut(database: Database, ctx: RequestContext, token: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.delete(session).where(eq(session.tokenHash, tokenHash(token)));
    if (ctx.user)
      await writeAudit(tx, ctx, { action: "auth.sign_out", entityType: "user", entityId: ctx.user.id });
  });
  forgetSessions(database);
}

export async function changePassword(
  database: Database,
  ctx: RequestContext,
  input: { currentPassword: string; newPassword: string },
  keepToken: string,
): Promise<void> {
  const userId = ctx.user!.id;
  const [user] = await database.db.select().from(appUser).where(eq(appUser.id, userId));
  if (!(await argonVerify(user.passwordHash, input.currentPassword).catch(() => false))) {
    throw new AppError(400, "wrong_current_password", {}, [{ path: "currentPassword", code: "invalid" }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await database.db.transaction(async (tx) => {
    await tx
      .update(appUser)
      .set({ passwordHash, version: sql`${appUser.version} + 1` })
      .where(eq(appUser.id, userId));
    // Other sessions of this user end when the password changes.
    await tx
      .delete(session)
      .where(and(eq(session.userId, userId), sql`${session.tokenHash} <> ${tokenHash(keepToken)}`));
    await writeAudit(tx, ctx, { action: "auth.password_changed", entityType: "user", entityId: userId });
  });
  forgetSessions(database);
}

export async function setLocale(database: Database, ctx: RequestContext, locale: Locale) {
  await database.db.update(appUser).set({ locale }).where(eq(appUser.id, ctx.user!.id));
  forgetSessions(database);
}

/**
 * The user's own e-mail address (personal data): the audit entry records that it changed — set,
 * replaced or removed — never the address. Unsent mail follows the change.
 */
export async function setEmail(database: Database, ctx: RequestContext, email: string | null) {
  const userId = ctx.user!.id;
  await database.db.transaction(async (tx) => {
    const [u] = await tx
      .select({ email: appUser.email })
      .from(appUser)
      .where(eq(appUser.id, userId))
      .for("update");
    if (u.email === email) return;
    await tx
      .update(appUser)
      .set({ email, version: sql`${appUser.version} + 1` })
      .where(eq(appUser.id, userId));
    await retargetQueuedMail(tx, userId, email);
    await writeAudit(tx, ctx, {
      action: "auth.email_changed",
      entityType: "user",
      entityId: userId,
      before: { hasEmail: u.email !== null },
      after: { hasEmail: email !== null },
    });
  });
  forgetSessions(database);
}

function totpFor(secret: string, username: string) {
  return new OTPAuth.TOTP({
    issuer: "Qorgan",
    label: username,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

export function verifyTotp(secret: string, code: string, username: string): boolean {
  return totpFor(secret, username).validate({ token: code, window: 1 }) !== null;
}

export function currentTotp(secret: string, username = "x"): string {
  return totpFor(secret, username).generate();
}

export async function setupTotp(database: Database, ctx: RequestContext) {
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await database.db
    .update(appUser)
    .set({ totpSecret: secret })
    .where(and(eq(appUser.id, ctx.user!.id), eq(appUser.totpEnabled, false)));
  const [u] = await database.db.select().from(appUser).where(eq(appUser.id, ctx.user!.id));
  if (u.totpEnabled) throw new AppError(409, "conflict", { detail: "totp" });
  return { secret, uri: totpFor(secret, u.username).toString() };
}

export async function enableTotp(database: Database, ctx: RequestContext, code: string) {
  const [u] = await database.db.select().from(appUser).where(eq(appUser.id, ctx.user!.id));
  if (!u.totpSecret || !verifyTotp(u.totpSecret, code, u.username)) throw fieldError("code", "invalid");
  await database.db.transaction(async (tx) => {
    await tx.update(appUser).set({ totpEnabled: true }).where(eq(appUser.id, u.id));
    await writeAudit(tx, ctx, { action: "auth.totp_enabled", entityType: "user", entityId: u.id });
  });
  forgetSessions(database);
}

export async function disableTotp(database: Database, ctx: RequestContext, password: string) {
  const [u] = await database.db.select().from(appUser).where(eq(appUser.id, ctx.user!.id));
  if (!(await argonVerify(u.passwordHash, password).catch(() => false)))
    throw fieldError("password", "invalid");
  await database.db.transaction(async (tx) => {
    await tx.update(appUser).set({ totpEnabled: false, totpSecret: null }).where(eq(appUser.id, u.id));
    await writeAudit(tx, ctx, { action: "auth.totp_disabled", entityType: "user", entityId: u.id });
  });
  forgetSessions(database);
}

export async function purgeExpiredSessions(database: Database) {
  await database.db.delete(session).where(lt(session.expiresAt, new Date()));
}

export function formatAlmaty(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Almaty",
    dateStyle: "short",
    timeStyle: "short",
  }).format(d);
}

/** Names for grants (for /me). */
export async function describeGrants(database: Database, grants: SessionUser["grants"]) {
  const out = [];
  for (const g of grants) {
    const b = await bodyById(database.db, g.bodyId);
    const tr = await territoryByCode(database.db, g.territoryCode);
    out.push({
      role: g.role,
      bodyId: g.bodyId,
      bodyName: { kk: b?.nameKk ?? "", ru: b?.nameRu ?? "", en: b?.nameEn ?? "" },
      territoryCode: g.territoryCode,
      territoryName: { kk: tr?.nameKk ?? "", ru: tr?.nameRu ?? "", en: tr?.nameEn ?? "" },
    });
  }
  return out;
}
