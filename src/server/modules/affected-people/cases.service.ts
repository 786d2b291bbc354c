/**
 * Cases and counts (R20, R21; Law No. 94-V): the list of cases with their counts for everyone whose
 * territory they lie in — counts only, never a name — and the persons of a case for those who may
 * handle them (a read, audited). `personCountsFor` is the statistics other modules and dashboards use.
 */
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import {
  canGrantCaseAccess,
  canHandlePersons,
  canReadPersonCounts,
  helpTypes,
  personStatuses,
  severities,
} from "../../../domain/affected-people";
import type { PersonCounts } from "../../../domain/contracts/affected-people";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { DbOrTx } from "../../platform/db";
import { notFound } from "../../platform/errors";
import { escapeLike, rowsOf } from "../../platform/sql";
import { writeAudit } from "../audit";
import { incidentCase, incidentCases, incidentCasesUnder } from "../incidents";
import { territoryByCode } from "../registry";
import { affectedPerson, affectedPersonMatch } from "./affected-people.tables";
import { accessOf, personCaseOf, requireCaseReader } from "./case-access";
import type { Deps } from "./personal-data.settings";
import { bodyRefs, caseRefOf, listItemOf } from "./persons.view";

type Ctx = Required<RequestContext>;

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const emptyCounts = (): PersonCounts => ({
  total: 0,
  victims: 0,
  participants: 0,
  byStatus: zeroes(personStatuses),
  bySeverity: zeroes(severities),
  byHelp: zeroes(helpTypes),
  compensationPaid: 0,
  hospitals: [],
});

export type CountsFilter = {
  incidentIds?: readonly string[];
  activationIds?: readonly string[];
  /** Territory subtrees (materialised paths). */
  territoryPaths?: readonly string[];
};

/** A uuid list as ONE bound parameter (a PostgreSQL array literal; the values are uuids). */
const pgArray = (ids: readonly string[]) => `{${ids.join(",")}}`;

function whereOf(f: CountsFilter): SQL {
  const parts: SQL[] = [sql`p.merged_into_id is null`];
  if (f.incidentIds)
    parts.push(
      f.incidentIds.length ? sql`p.incident_id = any(${pgArray(f.incidentIds)}::uuid[])` : sql`false`,
    );
  if (f.activationIds)
    parts.push(
      f.activationIds.length ? sql`p.activation_id = any(${pgArray(f.activationIds)}::uuid[])` : sql`false`,
    );
  if (f.territoryPaths) {
    const within = f.territoryPaths.map(
      (p) => sql`(p.territory_path = ${p} or p.territory_path like ${`${escapeLike(p)}/%`})`,
    );
    parts.push(within.length ? sql`(${sql.join(within, sql` or `)})` : sql`false`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * Counts without names, per `groupBy` value (the incident, or one group "all"): persons by role,
 * status and severity; persons who received each kind of help; compensation paid; hospitalised per
 * health organisation. Four grouped queries, whatever the number of groups.
 */
export async function countsBy(
  db: DbOrTx,
  filter: CountsFilter,
  groupBy: "incident" | "all",
): Promise<Map<string, PersonCounts>> {
  const where = whereOf(filter);
  const key = groupBy === "incident" ? sql`p.incident_id::text` : sql`'all'`;
  const statusRows = await rowsOf<{
    k: string;
    role: string;
    status: string;
    severity: string | null;
    n: number;
  }>(
    db,
    sql`select ${key} as k, p.role, p.status, p.severity, count(*)::int as n from affected_person p where ${where} group by 1, 2, 3, 4`,
  );
  const helpRows = await rowsOf<{ k: string; h: string; n: number }>(
    db,
    sql`select ${key} as k, e.help_type as h, count(distinct e.person_id)::int as n from affected_person_entry e join affected_person p on p.id = e.person_id where ${where} and e.kind = 'help' group by 1, 2`,
  );
  const paidRows = await rowsOf<{ k: string; n: string | number }>(
    db,
    sql`select ${key} as k, coalesce(sum(e.amount), 0)::bigint as n from affected_person_entry e join affected_person p on p.id = e.person_id where ${where} and e.kind = 'compensation' and e.stage = 'paid' group by 1`,
  );
  const hospitals = await rowsOf<{ k: string; b: string; n: number }>(
    db,
    sql`select ${key} as k, p.hospital_body_id as b, count(*)::int as n from affected_person p where ${where} and p.status = 'hospitalised' and p.hospital_body_id is not null group by 1, 2`,
  );
  const out = new Map<string, PersonCounts>();
  const of = (k: string) => {
    const c = out.get(k) ?? emptyCounts();
    out.set(k, c);
    return c;
  };
  for (const r of statusRows) {
    const c = of(r.k);
    const n = Number(r.n);
    c.total += n;
    if (r.role === "victim") c.victims += n;
    else c.participants += n;
    c.byStatus[r.status] = (c.byStatus[r.status] ?? 0) + n;
    if (r.severity) c.bySeverity[r.severity] = (c.bySeverity[r.severity] ?? 0) + n;
  }
  for (const r of helpRows) of(r.k).byHelp[r.h] = Number(r.n);
  for (const r of paidRows) of(r.k).compensationPaid = Number(r.n);
  const bodies = await bodyRefs(
    db,
    hospitals.map((h) => h.b),
  );
  for (const h of hospitals) {
    const body = bodies.get(h.b);
    if (body) of(h.k).hospitals.push({ body, count: Number(h.n) });
  }
  return out;
}

/** Counts without names for other modules and dashboards (the caller checks who may see them). */
export async function personCountsFor(db: DbOrTx, filter: CountsFilter): Promise<PersonCounts> {
  return (await countsBy(db, filter, "all")).get("all") ?? emptyCounts();
}

/** Territories whose counts the actor may see (every grant's subtree but organisation reporters'). */
const countScopes = (actor: Actor) =>
  actor.grants.filter((g) => g.role !== "organisation_reporter").map((g) => g.territoryPath);

/**
 * The cases the actor sees: incidents of its territories that have persons recorded, and those whose
 * persons it may handle (to record the first one); each with its counts and what the actor may do.
 */
export async function listCases(deps: Deps, ctx: Ctx) {
  const db = deps.database.db;
  const actor = ctx.user.actor;
  const access = await accessOf(db, actor.userId);
  const scoped = await incidentCasesUnder(db, countScopes(actor), 200);
  const granted = await incidentCases(
    db,
    access.map((a) => a.incidentId).filter((x): x is string => x !== null),
  );
  const cases = new Map([...scoped, ...granted].map((c) => [c.id, c]));
  const ids = [...cases.keys()];
  const counts = await countsBy(db, { incidentIds: ids }, "incident");
  const pending = ids.length
    ? await db
        .select({ id: affectedPersonMatch.incidentId, n: sql<number>`count(*)::int` })
        .from(affectedPersonMatch)
        .where(and(inArray(affectedPersonMatch.incidentId, ids), eq(affectedPersonMatch.status, "proposed")))
        .groupBy(affectedPersonMatch.incidentId)
    : [];
  const pendingOf = new Map(pending.map((p) => [p.id, Number(p.n)]));
  const now = Date.now();
  const items = [...cases.values()]
    .map((inc) => {
      const canHandle =
        canHandlePersons(actor, personCaseOf(inc), access, now) ||
        access.some((a) => a.incidentId === inc.id && a.until > now);
      return {
        ...caseRefOf(inc),
        counts: counts.get(inc.id) ?? emptyCounts(),
        canHandle,
        canGrant: canGrantCaseAccess(actor, personCaseOf(inc)),
        pendingMatches: canHandle ? (pendingOf.get(inc.id) ?? 0) : 0,
      };
    })
    .filter((c) => c.counts.total > 0 || c.canHandle)
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return { items };
}

/** The persons of a case (names): for those who may handle them; a read, audited. */
export async function listCasePersons(deps: Deps, ctx: Ctx, incidentId: string) {
  return deps.database.db.transaction(async (tx) => {
    const { inc, allows } = await requireCaseReader(tx, ctx.user.actor, incidentId);
    const rows = (
      await tx
        .select()
        .from(affectedPerson)
        .where(and(eq(affectedPerson.incidentId, incidentId), isNull(affectedPerson.mergedIntoId)))
    ).filter(allows);
    const bodies = await bodyRefs(
      tx,
      rows.map((r) => r.hospitalBodyId),
    );
    const items = rows
      .map((r) => listItemOf(deps.pd.cipher, r, bodies))
      .sort(
        (a, b) => a.surname.localeCompare(b.surname, "kk") || a.givenName.localeCompare(b.givenName, "kk"),
      );
    if (items.length)
      await writeAudit(tx, ctx, {
        action: "personal.read",
        entityType: "affected_person_list",
        entityId: incidentId,
        territoryPath: inc.territoryPath,
        after: { records: items.length },
      });
    return { case: caseRefOf(inc), items };
  });
}

/**
 * Counts for a case, an activation or a territory (by default: all the actor's territories). A case or
 * territory outside the actor's: 404.
 */
export async function statistics(
  deps: Deps,
  ctx: Ctx,
  q: { incidentId?: string; activationId?: string; territory?: string },
): Promise<{ counts: PersonCounts }> {
  const db = deps.database.db;
  const actor = ctx.user.actor;
  const scopes = countScopes(actor);
  const filter: CountsFilter = { territoryPaths: scopes };
  if (q.incidentId) {
    const inc = await incidentCase(db, q.incidentId);
    const access = await accessOf(db, actor.userId);
    if (
      !inc ||
      !(
        canReadPersonCounts(actor, inc.territoryPath) ||
        access.some((a) => a.incidentId === inc.id && a.until > Date.now())
      )
    )
      throw notFound();
    filter.incidentIds = [inc.id];
    delete filter.territoryPaths;
  }
  if (q.activationId) filter.activationIds = [q.activationId];
  if (q.territory) {
    const t = await territoryByCode(db, q.territory);
    if (!t || !canReadPersonCounts(actor, t.path)) throw notFound();
    filter.territoryPaths = [t.path];
  }
  return { counts: await personCountsFor(db, filter) };
}
