/**
 * Exercises and drills (R10.3) for other modules: a drill held at a vulnerable object links to the
 * exercise here rather than copying it. Only exercises the actor may read (the plans' rule,
 * `canReadPlan`) are returned; an unreadable one is absent, as if it did not exist.
 */
import { and, desc, inArray, or, type SQL, sql } from "drizzle-orm";
import { canReadPlan } from "../../../domain/policy";
import type { ExerciseKind, ExerciseStatus } from "../../../domain/prevention";
import type { Actor } from "../../../domain/roles";
import { pathCodes } from "../../../domain/territory";
import type { DbOrTx } from "../../platform/db";
import { escapeLike } from "../../platform/sql";
import { exercise } from "./prevention.tables";

export type ExerciseRef = {
  id: string;
  kind: ExerciseKind;
  title: string;
  place: string;
  date: string;
  status: ExerciseStatus;
  ownerBodyId: string;
  territoryPath: string;
};

type Row = typeof exercise.$inferSelect;
/** The path and every path above it. */
const ancestorPathsOf = (path: string) => {
  const codes = pathCodes(path);
  return codes.map((_, i) => codes.slice(0, i + 1).join("/"));
};
const ref = (r: Row): ExerciseRef => ({
  id: r.id,
  kind: r.kind as ExerciseKind,
  title: r.title,
  place: r.place,
  date: r.date,
  status: r.status as ExerciseStatus,
  ownerBodyId: r.ownerBodyId,
  territoryPath: r.territoryPath,
});
const readable = (actor: Actor, r: Row) =>
  canReadPlan(actor, { bodyId: r.ownerBodyId, territoryPath: r.territoryPath });

/** Exercises by id as the actor may read them; missing or unreadable ids are left out. */
export async function readableExercises(
  db: DbOrTx,
  actor: Actor,
  ids: readonly string[],
): Promise<ExerciseRef[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await db.select().from(exercise).where(inArray(exercise.id, unique));
  return rows.filter((r) => readable(actor, r)).map(ref);
}

/**
 * Exercises that may have been held at a place of `territoryPath`: those of its commission and the
 * commissions above it, and those of territories below it; newest first, optionally by title words.
 */
export async function exercisesAround(
  db: DbOrTx,
  actor: Actor,
  territoryPath: string,
  q = "",
  limit = 30,
): Promise<ExerciseRef[]> {
  const conds: SQL[] = [
    or(
      inArray(exercise.territoryPath, ancestorPathsOf(territoryPath)),
      sql`${exercise.territoryPath} like ${`${escapeLike(territoryPath)}/%`}`,
    )!,
  ];
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
  for (const w of words) conds.push(sql`lower(${exercise.title}) like ${`%${escapeLike(w)}%`}`);
  const rows = await db
    .select()
    .from(exercise)
    .where(and(...conds))
    .orderBy(desc(exercise.date))
    .limit(limit * 4);
  return rows
    .filter((r) => readable(actor, r))
    .slice(0, limit)
    .map(ref);
}
