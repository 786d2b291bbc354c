/**
 * Lock-out for user names that have no active account, so that they answer exactly as real ones
 * (account enumeration). A real account counts its failures in `app_user` and
 * locks after `maxFailedAttempts`; a name without one counts them here, in the shared counters of
 * the rate limit (`rate_limit_hit`, every instance together), and locks after the same number of
 * failures for the same time, answered with the same 423 `locked`. Two keys per name: the failures
 * (forgotten after a day without one; every `maxFailedAttempts`-th locks, as a real account's counter
 * restarts when it locks) and the lock (until it ends).
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../platform/db";
import { rowsOf } from "../../platform/sql";

const FAILURES_KEPT = "1 day";
const failuresKey = (username: string) => `sign-in failures ${username}`;
const lockKey = (username: string) => `sign-in lock ${username}`;

/** Until when a name without an account is locked, or null. */
export async function unknownNameLockedUntil(db: DbOrTx, username: string): Promise<Date | null> {
  const [row] = await rowsOf<{ until: string | Date }>(
    db,
    sql`select reset_at as until from rate_limit_hit where key = ${lockKey(username)} and reset_at > now()`,
  );
  return row ? new Date(row.until) : null;
}

/** Count one failure for a name without an account; returns the lock's end when this one locks it. */
export async function countUnknownNameFailure(
  db: DbOrTx,
  username: string,
  maxFailedAttempts: number,
  lockMinutes: number,
): Promise<Date | null> {
  const [row] = await rowsOf<{ until: string | Date | null }>(
    db,
    sql`with counted as (
          insert into rate_limit_hit as h (key, hits, reset_at)
            values (${failuresKey(username)}, 1, now() + interval '${sql.raw(FAILURES_KEPT)}')
          on conflict (key) do update set
            hits = case when h.reset_at <= now() then 1 else h.hits + 1 end,
            reset_at = excluded.reset_at
          returning hits
        ), locked as (
          insert into rate_limit_hit as h (key, hits, reset_at)
            select ${lockKey(username)}, 0, now() + ${lockMinutes} * interval '1 minute'
              from counted where hits % ${maxFailedAttempts} = 0
          on conflict (key) do update set reset_at = excluded.reset_at
          returning reset_at
        )
        select (select reset_at from locked) as until`,
  );
  return row?.until ? new Date(row.until) : null;
}
