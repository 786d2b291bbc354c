/**
 * The live board of a decision's measures by territory (Decree No. 611; R6, R18): "X of Y bodies
 * confirmed" for each child of a territory — the republic's regions, a region's districts and cities —
 * with who is overdue, escalated to the HQ, closed or done, and at the deepest level (a district or city)
 * the bodies that have not confirmed yet. One SQL aggregate over the tasks' territory paths, grouped by the path's segment at
 * the child's depth (as prevention's roll-up does). For those who may read the decision's grounds (the
 * ATC, HQs, auditors: the same rule as the board by body); everyone else gets 404.
 */
import { type SQL, sql } from "drizzle-orm";
import type { ThreatBoardByTerritory } from "../../../domain/contracts/threat-levels";
import type { Actor } from "../../../domain/roles";
import { ROOT_TERRITORY } from "../../../domain/territory";
import { canReadThreatGrounds } from "../../../domain/threat-level-policy";
import type { DbOrTx } from "../../platform/db";
import { notFound } from "../../platform/errors";
import { escapeLike, namesOf, rowsOf } from "../../platform/sql";
import { type TerritoryRecord, territoriesByCodes, territoryByCode } from "../registry";
import { threatLevelDeclaration } from "./threat-levels.tables";

const MISSING_LIMIT = 200;

type CountRow = {
  child: string;
  total: number | string;
  confirmed: number | string;
  missing: number | string;
  overdue: number | string;
  escalated: number | string;
  closed: number | string;
  done: number | string;
};
type Counts = ThreatBoardByTerritory["totals"];

const counts = (r?: CountRow): Counts => ({
  total: Number(r?.total ?? 0),
  confirmed: Number(r?.confirmed ?? 0),
  missing: Number(r?.missing ?? 0),
  overdue: Number(r?.overdue ?? 0),
  escalated: Number(r?.escalated ?? 0),
  closed: Number(r?.closed ?? 0),
  done: Number(r?.done ?? 0),
});

const ref = (t: TerritoryRecord) => ({ code: t.code, path: t.path, names: namesOf(t) });

export async function threatTaskBoardByTerritory(
  db: DbOrTx,
  actor: Actor,
  declarationId: string,
  parentCode: string = ROOT_TERRITORY,
  now = new Date(),
): Promise<ThreatBoardByTerritory> {
  const [d] = await db
    .select({ id: threatLevelDeclaration.id, territoryPaths: threatLevelDeclaration.territoryPaths })
    .from(threatLevelDeclaration)
    .where(sql`${threatLevelDeclaration.id} = ${declarationId}`);
  if (!d || !canReadThreatGrounds(actor, d.territoryPaths)) throw notFound();
  const parent = await territoryByCode(db, parentCode);
  if (!parent) throw notFound();

  const depth = parent.path.split("/").length;
  const at = now.toISOString();
  const within: SQL = sql`k.declaration_id = ${declarationId}
    and (k.territory_path = ${parent.path} or k.territory_path like ${`${escapeLike(parent.path)}/%`})`;
  const open = sql`k.confirmed_at is null and k.closed_at is null`;
  const rows = await rowsOf<CountRow>(
    db,
    sql`select split_part(k.territory_path, '/', ${depth + 1}) as child,
               count(*)::int as total,
               count(k.confirmed_at)::int as confirmed,
               count(*) filter (where ${open})::int as missing,
               count(*) filter (where ${open} and k.due_at < ${at}::timestamptz)::int as overdue,
               count(*) filter (where ${open} and k.escalated_at is not null)::int as escalated,
               count(k.closed_at)::int as closed,
               count(*) filter (where k.closed_at is null and k.confirmed_at is not null
                 and jsonb_array_length(k.measures) > 0
                 and jsonb_array_length(k.done) >= jsonb_array_length(k.measures))::int as done
          from threat_level_task k
         where ${within}
         group by 1`,
  );

  const childCodes = rows.map((r) => r.child).filter((c) => c !== "");
  const children = await territoriesByCodes(db, childCodes);
  const up = parent.parentCode ? await territoryByCode(db, parent.parentCode) : undefined;
  const byCode = new Map(children.map((c) => [c.code, c]));
  const totals = counts();
  for (const r of rows) {
    const c = counts(r);
    for (const k of Object.keys(totals) as (keyof Counts)[]) totals[k] += c[k];
  }
  const items = rows
    .flatMap((r) => {
      if (r.child === "") return [{ ...counts(r), territory: ref(parent), own: true, drillable: false }];
      const t = byCode.get(r.child);
      return t ? [{ ...counts(r), territory: ref(t), own: false, drillable: true }] : [];
    })
    // The parent's own bodies first, then the children by name (as the registry lists them).
    .sort(
      (a, b) => Number(b.own) - Number(a.own) || a.territory.names.ru.localeCompare(b.territory.names.ru),
    );

  // The deepest level: a district or city (or below), or a territory whose tasks are all its own.
  const listsMissing = parent.code !== ROOT_TERRITORY && (depth >= 3 || items.every((x) => x.own));
  let missingBodies: ThreatBoardByTerritory["missingBodies"] = [];
  if (listsMissing) {
    const missing = await rowsOf<{
      id: string;
      due_at: Date | string;
      escalated_at: Date | string | null;
      body_id: string;
      kind: string;
      name_kk: string;
      name_ru: string;
      name_en: string;
      t_code: string;
      t_kk: string;
      t_ru: string;
      t_en: string;
    }>(
      db,
      sql`select k.id, k.due_at, k.escalated_at, b.id as body_id, b.kind, b.name_kk, b.name_ru, b.name_en,
                 t.code as t_code, t.name_kk as t_kk, t.name_ru as t_ru, t.name_en as t_en
            from threat_level_task k
            join body b on b.id = k.body_id
            join territory t on t.code = b.territory_code
           where ${within} and ${open}
           order by k.due_at, k.territory_path, b.name_ru
           limit ${MISSING_LIMIT}`,
    );
    missingBodies = missing.map((m) => {
      const due = new Date(m.due_at);
      return {
        taskId: m.id,
        body: {
          id: m.body_id,
          names: namesOf({ nameKk: m.name_kk, nameRu: m.name_ru, nameEn: m.name_en }),
          kind: m.kind,
        },
        territory: { code: m.t_code, names: namesOf({ nameKk: m.t_kk, nameRu: m.t_ru, nameEn: m.t_en }) },
        dueAt: due.toISOString(),
        status: due.getTime() < now.getTime() ? "overdue" : "awaiting",
        escalated: m.escalated_at !== null,
      };
    });
  }

  return {
    declarationId,
    parent: ref(parent),
    up: up ? ref(up) : null,
    totals,
    items,
    listsMissing,
    missingBodies,
  };
}
