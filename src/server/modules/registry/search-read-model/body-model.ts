/**
 * The in-memory part of the registry read model (body-index.ts does the I/O): every body in list
 * order with postings for both search passes, changed in place — a changed body costs microseconds,
 * not a rebuild — and the list/search query answered as `listBodiesSql` answers it. No I/O.
 */
import type { BodyListQuery, BodySummary } from "../../../../domain/contracts/registry";
import type { ReadFilter } from "../../../../domain/policy";
import { normaliseSearch } from "../../../../domain/search";
import { pathCodes } from "../../../../domain/territory";
import { orderedTrigrams, trigramSet, wordSimilarity } from "../../../../domain/trigram";

export type BodyEntry = {
  summary: BodySummary;
  kind: string;
  subtype: string | null;
  active: boolean;
  territoryPath: string;
  nameKk: string;
  searchText: string;
};

/** A body in the model: its entry, its place among the postings and its summary's JSON once shown. */
type Slot = BodyEntry & { slot: number; json: string | null };

/** Phrases whose matches are remembered, and the most matches remembered in all. */
const MEMO_PHRASES = 256;
const MEMO_SLOTS = 200_000;

/** Order of a plain list: territory path, kind, Kazakh name, id (as listBodiesSql, C collation). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const listOrder = (a: BodyEntry, b: BodyEntry) =>
  cmp(a.territoryPath, b.territoryPath) ||
  cmp(a.kind, b.kind) ||
  cmp(a.nameKk, b.nameKk) ||
  cmp(a.summary.id, b.summary.id);

/** Raw three-character pieces of a text (substring pass). */
function rawGrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 2 < chars.length; i++) out.add(chars[i] + chars[i + 1] + chars[i + 2]);
  return out;
}

function push(map: Map<string, number[]>, key: string, slot: number) {
  const l = map.get(key);
  if (l) l.push(slot);
  else map.set(key, [slot]);
}

export class BodyModel {
  /** Live entries in list order. */
  private list: Slot[] = [];
  private byId = new Map<string, Slot>();
  /** slot → live entry (null once replaced or removed; postings may still name it). */
  private slots: (Slot | null)[] = [];
  private ordered: (string[] | undefined)[] = [];
  /** Raw three-character piece → slots: substring pass. */
  private grams = new Map<string, number[]>();
  /** pg_trgm trigram → slots: typo-tolerant pass. */
  private trigrams = new Map<string, number[]>();
  private scratch = new Int32Array(0);
  private dead = 0;
  private memo = new Map<string, Slot[]>();
  private memoSlots = 0;

  constructor(
    entries: BodyEntry[],
    private readonly threshold: number,
  ) {
    this.rebuild(entries);
  }

  get size() {
    return this.list.length;
  }

  private rebuild(entries: BodyEntry[]) {
    this.forget();
    this.list = [];
    this.byId.clear();
    this.slots = [];
    this.ordered = [];
    this.grams = new Map();
    this.trigrams = new Map();
    this.dead = 0;
    for (const e of [...entries].sort(listOrder)) this.list.push(this.index(e));
    this.sizeScratch();
  }

  private index(e: BodyEntry): Slot {
    // Every field named, in one order: one hidden class for all entries (a spread makes slow ones).
    const s: Slot = {
      summary: e.summary,
      kind: e.kind,
      subtype: e.subtype,
      active: e.active,
      territoryPath: e.territoryPath,
      nameKk: e.nameKk,
      searchText: e.searchText,
      slot: this.slots.length,
      json: null,
    };
    this.slots.push(s);
    this.byId.set(e.summary.id, s);
    for (const g of rawGrams(e.searchText)) push(this.grams, g, s.slot);
    for (const t of trigramSet(e.searchText)) push(this.trigrams, t, s.slot);
    return s;
  }

  private sizeScratch() {
    if (this.scratch.length < this.slots.length) this.scratch = new Int32Array(this.slots.length * 2 + 16);
  }

  /** Replace these bodies (ids) by their new versions (absent from `rows` = gone). */
  apply(ids: readonly string[], rows: readonly BodyEntry[]) {
    this.forget();
    const gone = new Set<number>();
    for (const id of ids) {
      const old = this.byId.get(id);
      if (!old) continue;
      gone.add(old.slot);
      this.slots[old.slot] = null;
      this.ordered[old.slot] = undefined;
      this.byId.delete(id);
      this.dead++;
    }
    if (gone.size) this.list = this.list.filter((e) => !gone.has(e.slot));
    for (const r of rows) {
      const s = this.index(r);
      let lo = 0;
      let hi = this.list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (listOrder(this.list[mid], s) < 0) lo = mid + 1;
        else hi = mid;
      }
      this.list.splice(lo, 0, s);
    }
    // Postings keep dead slots until they outnumber the living a quarter.
    if (this.dead > this.list.length / 4 + 64) this.rebuild(this.list);
    else this.sizeScratch();
  }

  private orderedOf(slot: number): string[] {
    let o = this.ordered[slot];
    if (!o) {
      o = orderedTrigrams(this.slots[slot]!.searchText);
      this.ordered[slot] = o;
    }
    return o;
  }

  /** [from, to) of the entries whose territory path starts with `path` (a superset of its subtree). */
  private prefixRange(path: string): [number, number] {
    const lower = (key: string) => {
      let lo = 0;
      let hi = this.list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.list[mid].territoryPath < key) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [lower(path), lower(`${path}\uffff`)];
  }

  /**
   * The body list and search. `scope`: the territory filter's path (undefined = none);
   * `filters`: the actor's read filters (domain/policy.ts readFilters).
   */
  query(q: BodyListQuery, filters: ReadFilter[], scope: string | undefined) {
    const { rows, total } = this.select(q, filters, scope);
    return { items: rows.map((e) => e.summary), total };
  }

  /**
   * The same answer as `query`, already serialised as the API's JSON (`bodyList`): each body's
   * summary is serialised once, when first shown, not on every request.
   */
  queryJson(q: BodyListQuery, filters: ReadFilter[], scope: string | undefined): string {
    const { rows, total } = this.select(q, filters, scope);
    let items = "";
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i];
      if (e.json === null) e.json = JSON.stringify(e.summary);
      items += i ? `,${e.json}` : e.json;
    }
    return `{"items":[${items}],"total":${total}}`;
  }

  private select(q: BodyListQuery, filters: ReadFilter[], scope: string | undefined) {
    const inScope = scopeTest(filters);
    const scopeSlash = `${scope}/`;
    const base = (e: BodyEntry) =>
      (!q.kind || e.kind === q.kind) &&
      (q.subtype === undefined || e.subtype === q.subtype) &&
      (q.includeInactive === "true" || e.active) &&
      (scope === undefined || e.territoryPath === scope || e.territoryPath.startsWith(scopeSlash)) &&
      inScope(e);

    if (!q.q) {
      const [from, to] = scope === undefined ? [0, this.list.length] : this.prefixRange(scope);
      return pick(this.list, from, to, base, q);
    }
    const phrase = normaliseSearch(q.q);
    const exact = this.remember(`x${phrase}`, () => this.exactMatches(phrase));
    const hit = pick(exact, 0, exact.length, base, q);
    if (hit.total) return hit;
    const fuzzy = this.remember(`f${phrase}`, () => this.fuzzyMatches(phrase));
    return pick(fuzzy, 0, fuzzy.length, base, q);
  }

  /**
   * A phrase's matches (before any filter) are the same for every reader and every page until the
   * model changes: kept for the most recent phrases, dropped on any change (`apply`, `rebuild`).
   */
  private remember(key: string, compute: () => Slot[]): Slot[] {
    const got = this.memo.get(key);
    if (got) {
      // Most recently used last.
      this.memo.delete(key);
      this.memo.set(key, got);
      return got;
    }
    const rows = compute();
    this.memo.set(key, rows);
    this.memoSlots += rows.length;
    for (const [k, v] of this.memo) {
      if (this.memo.size <= MEMO_PHRASES && this.memoSlots <= MEMO_SLOTS) break;
      if (k === key) continue;
      this.memo.delete(k);
      this.memoSlots -= v.length;
    }
    return rows;
  }

  private forget() {
    this.memo.clear();
    this.memoSlots = 0;
  }

  /**
   * Pass 1: every word a substring; whole phrase first, then earliest first word, shortest text,
   * then Kazakh name and id — every live body whose text has them, in that order.
   */
  private exactMatches(phrase: string): Slot[] {
    const words = phrase.split(" ").filter(Boolean).slice(0, 8);
    const rows: Slot[] = [];
    const keys: number[] = [];
    const first = words[0] ?? "";
    const consider = (e: Slot) => {
      const t = e.searchText;
      for (let k = 0; k < words.length; k++) if (!t.includes(words[k])) return;
      rows.push(e);
      // One number for (phrase, position, length), each part < 2^20.
      keys.push((t.includes(phrase) ? 0 : 2 ** 41) + Math.max(t.indexOf(first), 0) * 2 ** 20 + t.length);
    };
    const rarest = this.rarestGramPosting(words);
    if (rarest === undefined) for (const e of this.list) consider(e);
    else
      for (let k = 0; k < rarest.length; k++) {
        const e = this.slots[rarest[k]];
        if (e) consider(e);
      }
    return sortByKey(rows, keys, 1);
  }

  /**
   * Pass 2 (typo-tolerant): each word of 3+ letters word-similar to the text (`<%`), shorter words
   * as substrings; ranked by the whole phrase's word similarity. Candidates first by a bound —
   * similarity ≤ shared trigrams / trigrams of the word — counted over the postings.
   */
  private fuzzyMatches(phrase: string): Slot[] {
    const words = phrase.split(" ").filter(Boolean).slice(0, 8);
    const longWords = words.filter((w) => w.length >= 3).map((w) => trigramSet(w));
    let candidates: number[] | null = null;
    const counts = this.scratch;
    for (const set of longWords) {
      const need = set.size * this.threshold - 1e-6;
      const touched: number[] = [];
      if (candidates) for (const s of candidates) counts[s] = 1;
      for (const t of set) {
        for (const slot of this.trigrams.get(t) ?? []) {
          if (candidates) {
            if (counts[slot] > 0) counts[slot]++;
          } else if (this.slots[slot]) {
            if (counts[slot] === 0) touched.push(slot);
            counts[slot]++;
          }
        }
      }
      const pool = candidates ?? touched;
      const offset = candidates ? 1 : 0;
      const next: number[] = [];
      for (const s of pool) {
        if (counts[s] - offset >= need) next.push(s);
        counts[s] = 0;
      }
      candidates = next;
    }
    const short = words.filter((w) => w.length < 3);
    const rows: Slot[] = [];
    const check = (e: Slot) => {
      if (!short.every((w) => e.searchText.includes(w))) return;
      const ordered = this.orderedOf(e.slot);
      if (longWords.every((set) => wordSimilarity(set, ordered, this.threshold) >= this.threshold))
        rows.push(e);
    };
    if (candidates) for (const s of candidates) check(this.slots[s]!);
    else for (const e of this.list) check(e);
    const phraseSet = trigramSet(phrase);
    const scores = rows.map((e) => wordSimilarity(phraseSet, this.orderedOf(e.slot)));
    return sortByKey(rows, scores, -1);
  }

  /** The shortest posting among the three-character pieces of the words; [] when one is absent; undefined when no word has one. */
  private rarestGramPosting(words: string[]): number[] | undefined {
    let best: number[] | undefined;
    for (const w of words) {
      for (const g of rawGrams(w)) {
        const post = this.grams.get(g);
        if (!post) return [];
        if (!best || post.length < best.length) best = post;
      }
    }
    return best;
  }
}

/** The policy's read filters (domain/policy.ts) compiled into one test over entries. */
function scopeTest(filters: ReadFilter[]): (e: BodyEntry) => boolean {
  if (filters.some((f) => f.type === "subtree" && f.path === "KZ")) return () => true;
  const tests = filters.map((f): ((e: BodyEntry) => boolean) => {
    switch (f.type) {
      case "subtree": {
        const slash = `${f.path}/`;
        return (e) => e.territoryPath === f.path || e.territoryPath.startsWith(slash);
      }
      case "ancestors": {
        const codes = pathCodes(f.path);
        const paths = new Set(codes.map((_, i) => codes.slice(0, i + 1).join("/")));
        const kinds = f.kinds ? new Set<string>(f.kinds) : null;
        return (e) => paths.has(e.territoryPath) && (!kinds || kinds.has(e.kind));
      }
      default:
        return (e) => e.summary.id === f.bodyId;
    }
  });
  return (e) => tests.some((t) => t(e));
}

/** Rows ordered by a numeric key (ascending, or descending with dir = -1), ties by Kazakh name and id. */
function sortByKey(rows: Slot[], keys: number[], dir: 1 | -1): Slot[] {
  const idx = rows.map((_, i) => i);
  idx.sort(
    (a, b) =>
      (keys[a] - keys[b]) * dir ||
      cmp(rows[a].nameKk, rows[b].nameKk) ||
      cmp(rows[a].summary.id, rows[b].summary.id),
  );
  return idx.map((i) => rows[i]);
}

/** The page [offset, offset + limit) of rows[from, to) that pass the filter, and how many pass. */
function pick(rows: Slot[], from: number, to: number, pass: (e: Slot) => boolean, q: BodyListQuery) {
  const end = q.offset + q.limit;
  const out: Slot[] = [];
  let total = 0;
  for (let i = from; i < to; i++) {
    const e = rows[i];
    if (!pass(e)) continue;
    if (total >= q.offset && total < end) out.push(e);
    total++;
  }
  return { rows: out, total };
}
