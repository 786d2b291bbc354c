/**
 * Routing's reference rows held in memory — part of the cache-while-listening speed mechanism
 * (platform/cache-while-listening.ts; switch: QORGAN_CACHE_WHILE_LISTENING=off).
 *
 * What routing reads for a group of reports — their territories, the operational HQs of those
 * territories, the reporting bodies — is held while this instance hears every change to bodies and
 * territories (migration 0014's qorgan_body_changed, on commit, whoever writes). In a crisis the same
 * few HQs receive every report: a warm group asks the database nothing before it files. Switched
 * off, every group reads them (three small queries). test/integration/intake-routing.test.ts
 * changes an HQ in plain SQL and sees the next reports routed anew.
 */
import { CacheWhileListening, readThrough } from "../../platform/cache-while-listening";
import type { Database } from "../../platform/db";
import type { EventBus } from "../../platform/events";
import {
  BODY_CHANGED_CHANNEL,
  bodiesByIds,
  type HqRecord,
  hqsAt,
  type TerritoryRecord,
  territoriesByCodes,
} from "../registry";

export type HqRow = HqRecord;
export type ReporterRow = { id: string; nameKk: string; nameRu: string; nameEn: string };

export class RoutingReads {
  readonly territories = new CacheWhileListening<TerritoryRecord | null>(60_000, 50_000);
  /** By territory code; "republican": the republican HQ (active or not). */
  readonly hqs = new CacheWhileListening<HqRow | null>(60_000);
  readonly reporters = new CacheWhileListening<ReporterRow | null>(60_000);

  follow(bus: EventBus): () => void {
    const stops = [this.territories, this.hqs, this.reporters].map((c) =>
      c.follow(bus, BODY_CHANGED_CHANNEL, () => "all"),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  async territoryRows(db: Database["db"], codes: string[]): Promise<TerritoryRecord[]> {
    const got = await readThrough(this.territories, codes, async (missing) => {
      const rows = await territoriesByCodes(db, missing);
      return new Map(rows.map((t) => [t.code, t]));
    });
    return codes.flatMap((c) => {
      const row = got.get(c);
      return row ? [row] : [];
    });
  }

  async hqRows(db: Database["db"], codes: string[]) {
    const got = await readThrough(this.hqs, ["republican", ...codes], async (missing) => {
      const want = missing.filter((k) => k !== "republican");
      const rows = await hqsAt(db, want);
      const out = new Map<string, HqRow>();
      for (const h of rows) {
        if (h.subtype === "republican") out.set("republican", h);
        if (h.active && want.includes(h.territoryCode)) out.set(h.territoryCode, h);
      }
      return out;
    });
    const republican = got.get("republican");
    got.delete("republican");
    return { byTerritory: got, republican };
  }

  async reporterRows(db: Database["db"], ids: string[]) {
    return readThrough(this.reporters, ids, async (missing) => {
      const rows = await bodiesByIds(db, missing);
      return new Map(
        rows.map((r) => [r.id, { id: r.id, nameKk: r.nameKk, nameRu: r.nameRu, nameEn: r.nameEn }]),
      );
    });
  }
}

const routingReads = new WeakMap<Database, RoutingReads>();

export function routingReadsOf(database: Database): RoutingReads {
  let r = routingReads.get(database);
  if (!r) {
    r = new RoutingReads();
    routingReads.set(database, r);
  }
  return r;
}

/** Hold routing's reads while `bus` hears of changes to bodies and territories; returns the way to stop. */
export function followRoutingReads(database: Database, bus: EventBus): () => void {
  return routingReadsOf(database).follow(bus);
}
