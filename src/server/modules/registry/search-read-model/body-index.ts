/**
 * Registry search read model — speed mechanism (switch: QORGAN_REGISTRY_INDEX=off), embedded
 * database only.
 *
 * Buys: registry search and list that keep up under load on the embedded database. bench/run.ts
 * (PGlite, 10,190 bodies, 50 connections, 2026-12-06): search 1,491–7,043 req/s with it, 35–76
 * without (p99 56–322 ms against 7.4–7.8 s); list 1,414 against 27 req/s (docs/internals.md,
 * "Speed mechanisms").
 *
 * Why: PGlite runs every query on its one WASM thread, so under load requests queue behind each
 * other and a 20 ms search becomes a multi-second p99 (target: search p99 < 50 ms with 10,000
 * bodies under 50 connections). This model (body-index.ts the I/O, body-model.ts the memory,
 * domain/trigram.ts pg_trgm's similarity) answers the body list and search from memory with no query
 * at all, exactly as `listBodiesSql` would (same filters, same two search passes, same order and
 * totals — test/integration/registry-index.test.ts compares them). Switched off, or on a PostgreSQL
 * server (several instances write there, and real parallelism makes the queue this model avoids),
 * `listBodiesSql` answers.
 *
 * Freshness: migration 0014 NOTIFYs `qorgan_body_changed` on commit of any change to bodies (their
 * ids) or territories (`*`), whoever writes. PGlite delivers the notification while the committing
 * statement returns, so the writer's next read already sees the model marked stale; a read of a
 * stale model first re-loads the changed rows (one query).
 */
import { eq, inArray } from "drizzle-orm";
import type { BodyKind } from "../../../../domain/bodies";
import type { BodyListQuery, BodySummary } from "../../../../domain/contracts/registry";
import { readFilters } from "../../../../domain/policy";
import type { Actor } from "../../../../domain/roles";
import type { Database } from "../../../platform/db";
import { WORD_SIMILARITY_THRESHOLD } from "../../../platform/db";
import { speedOn } from "../../../platform/speed-switches";
import { namesOf } from "../../../platform/sql";
import { body, territory } from "../registry.tables";
import { type BodyEntry, BodyModel } from "./body-model";

export const BODY_CHANGED_CHANNEL = "qorgan_body_changed";

type BasisFn = (kind: BodyKind, subtype: string | null) => string[];

export class BodyIndex {
  private model: BodyModel | null = null;
  private territoryPaths = new Map<string, string | null>();
  private dirty = new Set<string>();
  private dirtyAll = true;
  private refreshing: Promise<void> | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly database: Database,
    private readonly basis: BasisFn,
  ) {}

  /** Start listening for changes; the first read loads everything. */
  async start(): Promise<void> {
    const pglite = this.database.pglite;
    if (!pglite) throw new Error("the body index is for the embedded database");
    this.unlisten = await pglite.listen(BODY_CHANGED_CHANNEL, (payload) => this.invalidate(payload));
  }

  async stop(): Promise<void> {
    await this.unlisten?.().catch(() => {});
  }

  invalidate(payload: string) {
    if (payload === "*" || !payload) {
      this.dirtyAll = true;
      return;
    }
    for (const id of payload.split(",")) this.dirty.add(id);
  }

  /** Bring the model up to date with every committed change it has been told of. */
  async fresh(): Promise<BodyModel> {
    while (this.dirtyAll || this.dirty.size || !this.model) {
      if (!this.refreshing) {
        this.refreshing = this.refresh().finally(() => {
          this.refreshing = null;
        });
      }
      await this.refreshing;
    }
    return this.model;
  }

  private async refresh() {
    const all = this.dirtyAll || !this.model;
    const ids = [...this.dirty];
    this.dirtyAll = false;
    this.dirty.clear();
    try {
      const rows = await this.database.db
        .select({
          id: body.id,
          kind: body.kind,
          subtype: body.subtype,
          nameKk: body.nameKk,
          nameRu: body.nameRu,
          nameEn: body.nameEn,
          territoryCode: body.territoryCode,
          territoryPath: body.territoryPath,
          bin: body.bin,
          active: body.active,
          searchText: body.searchText,
          tKk: territory.nameKk,
          tRu: territory.nameRu,
          tEn: territory.nameEn,
        })
        .from(body)
        .innerJoin(territory, eq(territory.code, body.territoryCode))
        .where(all ? undefined : inArray(body.id, ids));
      const entries = rows.map(
        (r): BodyEntry => ({
          summary: {
            id: r.id,
            kind: r.kind as BodyKind,
            subtype: r.subtype,
            names: namesOf(r),
            territoryCode: r.territoryCode,
            territoryNames: namesOf({ nameKk: r.tKk, nameRu: r.tRu, nameEn: r.tEn }),
            bin: r.bin,
            active: r.active,
            basis: this.basis(r.kind as BodyKind, r.subtype),
          },
          kind: r.kind,
          subtype: r.subtype,
          active: r.active,
          territoryPath: r.territoryPath,
          nameKk: r.nameKk,
          searchText: r.searchText,
        }),
      );
      if (all) {
        this.territoryPaths.clear();
        this.model = new BodyModel(entries, WORD_SIMILARITY_THRESHOLD);
      } else this.model!.apply(ids, entries);
    } catch (e) {
      // Try again on the next read rather than serve a model that missed a change.
      this.dirtyAll = true;
      throw e;
    }
  }

  private async territoryPath(code: string): Promise<string | null> {
    if (this.territoryPaths.has(code)) return this.territoryPaths.get(code)!;
    const [t] = await this.database.db
      .select({ path: territory.path })
      .from(territory)
      .where(eq(territory.code, code));
    const path = t?.path ?? null;
    if (this.territoryPaths.size > 50_000) this.territoryPaths.clear();
    this.territoryPaths.set(code, path);
    return path;
  }

  /** The body list and search, as `listBodiesSql` answers it. */
  async query(actor: Actor, q: BodyListQuery): Promise<{ items: BodySummary[]; total: number }> {
    const model = await this.fresh();
    const scope = q.territory ? await this.territoryPath(q.territory) : undefined;
    if (scope === null) return { items: [], total: 0 };
    return model.query(q, readFilters(actor), scope);
  }

  /** The same answer as the API's JSON text (`bodyList`). */
  async queryJson(actor: Actor, q: BodyListQuery): Promise<string> {
    const model = await this.fresh();
    const scope = q.territory ? await this.territoryPath(q.territory) : undefined;
    if (scope === null) return '{"items":[],"total":0}';
    return model.queryJson(q, readFilters(actor), scope);
  }
}

/** One index per embedded database, started on first use. */
const indexes = new WeakMap<Database, Promise<BodyIndex>>();

export function bodyIndexFor(database: Database, basis: BasisFn): Promise<BodyIndex> | null {
  if (database.driver !== "pglite" || !speedOn("registryIndex")) return null;
  let p = indexes.get(database);
  if (!p) {
    const index = new BodyIndex(database, basis);
    p = index.start().then(() => index);
    p.catch(() => indexes.delete(database));
    indexes.set(database, p);
  }
  return p;
}

export async function stopBodyIndex(database: Database) {
  const p = indexes.get(database);
  indexes.delete(database);
  if (p) await (await p.catch(() => null))?.stop();
}
