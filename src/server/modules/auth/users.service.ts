/** Accounts: created by `qorgan user add` (production) or the demo seed. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { accountEmail, passwordPolicy } from "../../../domain/contracts/auth";
import { roles } from "../../../domain/roles";
import { isTerritoryCode } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { AppError, zodToAppError } from "../../platform/errors";
import { writeAudit } from "../audit";
import { bodyById, territoryByCode } from "../registry";
import { forgetSessions, hashPassword } from "./auth.service";
import { appUser, roleGrant } from "./auth.tables";

export const createUserInput = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,64}$/),
  displayName: z.string().trim().min(1).max(200),
  password: passwordPolicy,
  locale: z.enum(["kk", "ru", "en"]).default("kk"),
  /** Personal data: the audit entry records only whether one was given. */
  email: accountEmail.optional(),
  grants: z
    .array(
      z.object({ role: z.enum(roles), bodyId: z.uuid(), territoryCode: z.string().refine(isTerritoryCode) }),
    )
    .min(1)
    .max(20),
});
export type CreateUserInput = z.input<typeof createUserInput>;

export async function createUser(database: Database, ctx: RequestContext, raw: CreateUserInput) {
  const parsed = createUserInput.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error);
  const input = parsed.data;
  const passwordHash = await hashPassword(input.password);
  const created = await database.db.transaction(async (tx) => {
    for (const g of input.grants) {
      const b = await bodyById(tx, g.bodyId);
      const tr = await territoryByCode(tx, g.territoryCode);
      if (!b || !tr) throw new AppError(400, "bad_reference", { field: b ? "territoryCode" : "bodyId" });
    }
    const [existing] = await tx
      .select({ id: appUser.id })
      .from(appUser)
      .where(eq(appUser.username, input.username));
    if (existing) throw new AppError(409, "conflict", { detail: "username" });
    const [u] = await tx
      .insert(appUser)
      .values({
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        locale: input.locale,
        email: input.email ?? null,
      })
      .returning();
    await tx.insert(roleGrant).values(input.grants.map((g) => ({ ...g, userId: u.id })));
    await writeAudit(tx, ctx, {
      action: "user.created",
      entityType: "user",
      entityId: u.id,
      after: {
        username: u.username,
        displayName: u.displayName,
        grants: input.grants,
        hasEmail: input.email !== undefined,
      },
    });
    return u;
  });
  forgetSessions(database);
  return created;
}
