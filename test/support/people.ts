/**
 * Who a demo account is, as pages name the person behind a step ("Full name (Body)"): read straight
 * from the tables (full name, and the body of the account's first role), to check what a response's
 * `by` carries against.
 */
import { expect } from "vitest";
import type { Database } from "../../src/server/platform/db";

type Shown = {
  id: string;
  fullName: string;
  body: { id: string; names: { kk: string; ru: string } } | null;
} | null;

export async function expectedPerson(database: Database, username: string) {
  const [row] = await database.query<{
    id: string;
    full_name: string;
    body_id: string;
    name_kk: string;
    name_ru: string;
  }>(
    `select u.id, u.display_name as full_name, b.id as body_id, b.name_kk, b.name_ru
       from app_user u
       join role_grant g on g.user_id = u.id
       join body b on b.id = g.body_id
      where u.username = $1
      order by g.created_at, g.id
      limit 1`,
    [username],
  );
  expect(row, `no account ${username} with a role`).toBeTruthy();
  return row;
}

/** The person a response names is the account `username`, with its full name and its body's names. */
export async function expectPersonIs(database: Database, shown: Shown | undefined, username: string) {
  const want = await expectedPerson(database, username);
  expect(shown, `${username} named`).toBeTruthy();
  expect(shown!.id).toBe(want.id);
  expect(shown!.fullName).toBe(want.full_name);
  expect(shown!.body?.id).toBe(want.body_id);
  expect(shown!.body?.names.kk).toBe(want.name_kk);
  expect(shown!.body?.names.ru).toBe(want.name_ru);
}
