/**
 * Referral to the police of a report closed as a knowingly false report of an act of terrorism
 * (Criminal Code art. 273; src/domain/police-referral.ts): the HQ that may triage the report chooses a
 * territorial police body of the registry (by default the one seated nearest above the report's place),
 * the referral goes into the report's history, is audited, and the police body's accounts are notified
 * in-app — all in one transaction. The same report is not referred twice to the same body.
 */
import { eq } from "drizzle-orm";
import type { PoliceReferralBody, PoliceReferrals } from "../../../domain/contracts/police-referral";
import { alreadyReferred, POLICE_REFERRAL_BASIS, referableToPolice } from "../../../domain/police-referral";
import { canTriageIncident } from "../../../domain/policy";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { AppError, fieldError, forbidden } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { peopleByIds } from "../auth";
import { notifyBodyUsers } from "../prevention";
import { activeBodiesNamed, activeBodiesWithin, ancestorPaths, type BodyRecord, bodyMap } from "../registry";
import { targetOf } from "./incident-events";
import { readable } from "./incidents.service";
import { incident, incidentEvent } from "./incidents.tables";
import { POLICE_REFERRAL_ACTION, referralsOf } from "./police-referral.read";

type Ctx = Required<RequestContext>;

/**
 * The interior ministry as the registry names it (the same name the vulnerable-objects configuration
 * uses for the police that agree passports): its territorial subdivisions are the police bodies.
 */
export const POLICE_MINISTRY_NAME_RU = "Министерство внутренних дел Республики Казахстан";

/** The territorial police bodies: active subdivisions of the interior ministry, by territory. */
async function policeBodies(db: DbOrTx): Promise<BodyRecord[]> {
  const ministries = await activeBodiesNamed(db, [POLICE_MINISTRY_NAME_RU]);
  const ids = new Set(ministries.filter((m) => m.kind === "state_body").map((m) => m.id));
  if (!ids.size) return [];
  const units = await activeBodiesWithin(db, ["KZ"], ["state_body"]);
  return units.filter((u) => u.parentId !== null && ids.has(u.parentId));
}

/** The police body seated nearest above (or at) the report's place. */
function defaultFor(units: readonly BodyRecord[], territoryPath: string): BodyRecord | undefined {
  for (const p of ancestorPaths(territoryPath).reverse()) {
    const here = units.find((u) => u.territoryPath === p);
    if (here) return here;
  }
  return undefined;
}

const refOf = (b: BodyRecord) => ({ id: b.id, names: namesOf(b), territoryCode: b.territoryCode });

/** The report's referrals and, for the HQ that may make one, the police bodies to choose from. */
export async function policeReferrals(db: DbOrTx, actor: Actor, id: string): Promise<PoliceReferrals> {
  const row = await readable(db, actor, id);
  const made = await referralsOf(db, id);
  const canRefer = canTriageIncident(actor, targetOf(row)) && referableToPolice(row);
  const units = canRefer ? await policeBodies(db) : [];
  const named = await bodyMap(db, [...new Set(made.map((m) => m.policeBodyId))]);
  const people = await peopleByIds(
    db,
    made.map((m) => m.byId),
  );
  return {
    referrals: made.flatMap((m) => {
      const b = named.get(m.policeBodyId);
      return b
        ? [
            {
              id: m.id,
              at: m.at.toISOString(),
              policeBody: refOf(b),
              byName: m.byName,
              by: (m.byId && people.get(m.byId)) || null,
              note: m.note,
            },
          ]
        : [];
    }),
    canRefer,
    options: units.map(refOf),
    defaultBodyId: canRefer ? (defaultFor(units, row.territoryPath)?.id ?? null) : null,
    basis: [...POLICE_REFERRAL_BASIS],
  };
}

export async function referToPolice(database: Database, ctx: Ctx, id: string, input: PoliceReferralBody) {
  const actor = ctx.user.actor;
  return database.db.transaction(async (tx) => {
    const seen = await readable(tx, actor, id);
    if (!canTriageIncident(actor, targetOf(seen))) throw forbidden();
    // One referral at a time per report: the row lock orders concurrent referrals to the same body.
    const [row] = await tx.select().from(incident).where(eq(incident.id, id)).for("update");
    if (!referableToPolice(row))
      throw new AppError(409, "invalid_transition", { from: row.status, action: POLICE_REFERRAL_ACTION });
    const police = (await policeBodies(tx)).find((b) => b.id === input.policeBodyId);
    if (!police) throw fieldError("policeBodyId", "not_police_body");
    if (alreadyReferred(await referralsOf(tx, id), police.id))
      throw fieldError("policeBodyId", "already_referred_to_police");
    await tx.insert(incidentEvent).values({
      incidentId: id,
      action: POLICE_REFERRAL_ACTION,
      fromStatus: row.status,
      toStatus: row.status,
      actorId: ctx.user.id,
      actorName: ctx.user.username,
      comment: input.note,
      data: { policeBodyId: police.id, basis: "criminal_code_273" },
    });
    await writeAudit(tx, ctx, {
      action: "incident.referred_to_police",
      entityType: "incident",
      entityId: id,
      territoryPath: row.territoryPath,
      after: { policeBodyId: police.id, closeReason: row.closeReason, note: input.note },
    });
    await notifyBodyUsers(
      tx,
      [police.id],
      "incident_police_referral",
      { type: "incident", id },
      { number: row.regNumber },
    );
    return policeReferrals(tx, actor, id);
  });
}
