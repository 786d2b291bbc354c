/**
 * The read-only picture of a territory for commissions and akimats (R5, R14): the incident reports and
 * counter-terrorist operations there — type, status, times, territory, nothing operational — read
 * through the incidents' and operations' faces, with the consequence activations they may see.
 */
import type { Actor, Role } from "../../../domain/roles";
import { isInSubtree } from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { notFound } from "../../platform/errors";
import { namesOf } from "../../platform/sql";
import { incidentsWithin } from "../incidents";
import { operationsWithin } from "../operations";
import { territoriesByCodes } from "../registry";
import { listActivations } from "./activations.service";
import { NO_NAMES, territoryOrField } from "./shared";

/** Roles that coordinate a territory's consequences and so see its summary. */
const SUMMARY_ROLES: readonly Role[] = [
  "commission_secretary",
  "commission_member",
  "atc_coordinator",
  "administrator",
  "hq_officer",
  "auditor",
];

/** What was received or ended in this many days (and everything still active). */
const WINDOW_DAYS = 30;

export async function situationSummary(db: DbOrTx, actor: Actor, territory?: string) {
  let paths = [
    ...new Set(actor.grants.filter((g) => SUMMARY_ROLES.includes(g.role)).map((g) => g.territoryPath)),
  ];
  if (territory) {
    const t = await territoryOrField(db, territory);
    if (!paths.some((p) => isInSubtree(t.path, p))) throw notFound();
    paths = [t.path];
  }
  const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000);
  const [incidents, operations, activations] = await Promise.all([
    incidentsWithin(db, paths, since),
    operationsWithin(db, paths, since),
    listActivations(db, actor),
  ]);
  const codes = new Set([
    ...paths.map((p) => p.split("/").at(-1)!),
    ...incidents.map((i) => i.territoryCode),
    ...operations.flatMap((o) => o.zoneTerritories),
  ]);
  const units = new Map((await territoriesByCodes(db, [...codes])).map((u) => [u.code, namesOf(u)]));
  const names = (code: string) => units.get(code) ?? NO_NAMES;
  return {
    territories: paths.map((p) => {
      const code = p.split("/").at(-1)!;
      return { code, names: names(code) };
    }),
    incidents: incidents.map((i) => ({
      id: i.id,
      number: i.number,
      type: i.type,
      status: i.status,
      occurredAt: i.occurredAt.toISOString(),
      receivedAt: i.receivedAt.toISOString(),
      territory: { code: i.territoryCode, names: names(i.territoryCode) },
    })),
    operations: operations.map((o) => ({
      id: o.id,
      number: o.number,
      status: o.status,
      goals: o.goals,
      regimeStartedAt: o.regimeStartedAt.toISOString(),
      endedAt: o.endedAt?.toISOString() ?? null,
      zone: o.zoneTerritories.map((code) => ({ code, names: names(code) })),
    })),
    activations: activations.items.filter((a) => paths.some((p) => isInSubtree(a.territory.path, p))),
  };
}
