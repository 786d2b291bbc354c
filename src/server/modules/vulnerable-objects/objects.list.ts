/**
 * The registry's list and search of objects (R10.5), within the reader's scope (objects.scope.ts),
 * fast at national scale (50,000 objects, bench/objects.ts):
 * - pages by keyset — the next page starts after the last (name, id), walking the (name_kk, id)
 *   index from there, however deep: no OFFSET;
 * - the total is a bounded count — up to COUNT_CAP, then "more than" (`totalExact: false`): a count
 *   of every match read as many rows as matched;
 * - rows read only the columns a row shows (no passport contents, no contacts);
 * - search takes every word as a substring first: a word of letters is looked up in the objects'
 *   vocabulary (below) and found as the objects holding any vocabulary word that contains it — the
 *   overlap of `search_words` (the text's words, a generated column) through its GIN index, which
 *   needs no recheck of the text; other words (with a hyphen, digits only, under three characters)
 *   as LIKE through the pg_trgm GIN index on search_text. With nothing found, each word of three characters or more is corrected against the
 *   objects' vocabulary — the distinct words of their search text, held until an object changes
 *   (cache-until-objects-change.ts) — by pg_trgm's word similarity (domain/trigram.ts reproduces it,
 *   the database's threshold), and the closest words are searched as substrings. Before, the typo
 *   pass asked word_similarity of every text sharing a trigram with the word: 450 ms for one page
 *   and 290 ms for its count on PostgreSQL, seconds on the embedded database. A word the vocabulary
 *   shows no text can hold (`absentFrom`) skips the substring pass: a typo costs one pass, not two;
 * - owners' and territories' names come through the registry's face, held in memory while this
 *   instance hears of their changes (names-while-listening.ts): a warm page is the page and its count.
 * Where the time went, one at a time on the bench's set (2026-12-07): the typo pass's two passes, the
 * two name look-ups, and the bounded count of a common word (LIKE rechecked on every row up to the
 * cap: 9–39 ms on the embedded database against 1–8 ms by the words' overlap); on the embedded
 * database also plans made without statistics (a seq scan of every object for a typo, 136 ms;
 * `bench/objects.ts` now analyzes after seeding, as `qorgan start` does).
 */
import { and, asc, type SQL, sql } from "drizzle-orm";
import type { ObjectListQuery } from "../../../domain/contracts/vulnerable-objects";
import type { Actor } from "../../../domain/roles";
import { normaliseSearch } from "../../../domain/search";
import { trigramSet, wordSimilarity } from "../../../domain/trigram";
import { canManageObjectsIn } from "../../../domain/vulnerable-objects";
import { type DbOrTx, WORD_SIMILARITY_THRESHOLD } from "../../platform/db";
import { escapeLike, rowsOf } from "../../platform/sql";
import { untilObjectsChange } from "./cache-until-objects-change";
import { listConditions, presentSummaries, type SummaryRow, summaryColumns } from "./objects.service";
import { vulnerableObject } from "./vulnerable-objects.tables";

/** The total is counted up to this many matches. */
export const COUNT_CAP = 1000;
/** Corrections tried per misspelt word: the closest vocabulary words (within 0.05 of the best). */
const CORRECTIONS = 8;
const MAX_WORDS = 8;

type Mode = "e" | "f";
type Cursor = { mode: Mode; id: string; name: string };

const encodeCursor = (mode: Mode, row: { id: string; nameKk: string }) =>
  `${mode}.${row.id}.${Buffer.from(row.nameKk, "utf8").toString("base64url")}`;

/** The contract checks the shape (`objectListQuery.after`). */
function decodeCursor(after: string | undefined): Cursor | null {
  if (!after) return null;
  return {
    mode: after[0] as Mode,
    id: after.slice(2, 38),
    name: Buffer.from(after.slice(39), "base64url").toString("utf8").replaceAll("\u0000", ""),
  };
}

const like = (w: string) => sql`${vulnerableObject.searchText} like ${`%${escapeLike(w)}%`}`;
/** More vocabulary words than this standing for one search (a very short word): its substrings instead. */
const MAX_EXPANSION = 200;

/**
 * The distinct words of the objects' search text (`search_words`: split on anything but the letters
 * and digits normaliseSearch leaves), numbers and words under three characters left out: the typo
 * pass's vocabulary, and what a query word is looked up in.
 */
async function vocabulary(db: DbOrTx): Promise<string[]> {
  return untilObjectsChange(db, "vocabulary", "", async () => {
    const rows = await rowsOf<{ w: string }>(
      db,
      sql`select distinct w from ${vulnerableObject}, unnest(${vulnerableObject.searchWords}) as w
          where length(w) >= 3 and w !~ '^[0-9]+$'`,
    );
    return rows.map((r) => r.w);
  });
}

/** A run of the characters the vocabulary's words are made of (its split's complement). */
const WORD = /^[0-9a-zа-яёәғқңөұүһі]+$/;

/**
 * Whether `w`'s being a substring of an object's search text is told by the vocabulary: a word of
 * three characters or more, not only digits, made of word characters lies inside one word of the text,
 * which is then a word of the vocabulary containing it.
 */
const lookedUp = (w: string) => [...w].length >= 3 && WORD.test(w) && !/^[0-9]+$/.test(w);

/**
 * No object's search text holds `w`, as the vocabulary tells: such a search skips the substring pass
 * (two queries that would find nothing) and goes straight to the typo pass.
 */
const absentFrom = (vocab: readonly string[], w: string) => lookedUp(w) && !vocab.some((v) => v.includes(w));

/**
 * Objects whose search text holds any of `parts` as a substring: the parts the vocabulary tells about
 * as the objects holding a vocabulary word that contains one (`search_words` overlap through its GIN
 * index, no recheck of the text), the rest as LIKE (through the trigram index).
 */
function holding(vocab: readonly string[], parts: readonly string[]): SQL {
  const unique = [...new Set(parts)];
  const words = new Set<string>();
  const rest: string[] = [];
  for (const p of unique) {
    if (lookedUp(p)) for (const v of vocab) v.includes(p) && words.add(v);
    else rest.push(p);
  }
  if (words.size > MAX_EXPANSION) return sql`(${sql.join(unique.map(like), sql` or `)})`;
  const conds = rest.map(like);
  if (words.size)
    conds.unshift(
      sql`${vulnerableObject.searchWords} && array[${sql.join(
        [...words].map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`,
    );
  return conds.length ? sql`(${sql.join(conds, sql` or `)})` : sql`false`;
}

/** Each word of three characters or more replaced by its closest words of the vocabulary (typos). */
function correctedConditions(vocab: readonly string[], words: string[]): SQL | null {
  const conds: SQL[] = [];
  for (const w of words) {
    if ([...w].length < 3) {
      conds.push(like(w));
      continue;
    }
    const q = trigramSet(w);
    const scored = vocab
      .map((v) => ({ v, s: wordSimilarity(q, v) }))
      .filter((x) => x.s >= WORD_SIMILARITY_THRESHOLD)
      .sort((a, b) => b.s - a.s || a.v.localeCompare(b.v));
    const best = scored[0]?.s;
    if (best === undefined) return null;
    const close = scored.filter((x) => x.s >= best - 0.05).slice(0, CORRECTIONS);
    conds.push(holding(vocab, [w, ...close.map((x) => x.v)]));
  }
  return and(...conds) ?? sql`true`;
}

export async function listObjects(db: DbOrTx, actor: Actor, q: ObjectListQuery) {
  const canCreate =
    actor.grants.some((g) => canManageObjectsIn(actor, g.territoryPath)) ||
    actor.grants.some((g) => g.role === "organisation_reporter");
  const none = { items: [], total: 0, totalExact: true, next: null, canCreate };
  const conds = await listConditions(db, actor, q);
  if (!conds) return none;
  const cursor = decodeCursor(q.after);
  const o = vulnerableObject;
  const page = (where: SQL) =>
    db
      .select(summaryColumns)
      .from(o)
      .where(cursor ? and(where, sql`(${o.nameKk}, ${o.id}) > (${cursor.name}, ${cursor.id}::uuid)`) : where)
      .orderBy(asc(o.nameKk), asc(o.id))
      .limit(q.limit + 1);

  const boundedCount = async (where: SQL) =>
    Number(
      (
        await rowsOf<{ n: number }>(
          db,
          sql`select count(*)::int as n from (select 1 from ${o} where ${where} limit ${COUNT_CAP + 1}) m`,
        )
      )[0]?.n ?? 0,
    );
  // The page and its count at once (two connections on a server).
  const pageAndCount = (where: SQL) => Promise.all([page(where), boundedCount(where)]);

  let mode: Mode = "e";
  let rows: SummaryRow[] = [];
  let total = 0;
  if (q.q) {
    const words = normaliseSearch(q.q).split(" ").filter(Boolean).slice(0, MAX_WORDS);
    const vocab = await vocabulary(db);
    const exactPossible = !words.some((w) => absentFrom(vocab, w));
    if (cursor?.mode !== "f" && exactPossible)
      [rows, total] = await pageAndCount(and(...conds, ...words.map((w) => holding(vocab, [w])))!);
    if (!rows.length && (cursor?.mode === "f" || !cursor)) {
      const corrected = correctedConditions(vocab, words);
      if (!corrected) return none;
      mode = "f";
      [rows, total] = await pageAndCount(and(...conds, corrected)!);
    }
  } else [rows, total] = await pageAndCount(and(...conds)!);

  const more = rows.length > q.limit;
  if (more) rows = rows.slice(0, q.limit);
  return {
    items: await presentSummaries(db, rows),
    total: Math.min(total, COUNT_CAP),
    totalExact: total <= COUNT_CAP,
    next: more ? encodeCursor(mode, rows[rows.length - 1]) : null,
    canCreate,
  };
}
