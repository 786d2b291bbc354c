/**
 * The public threat-level snapshot — what it buys: the public page, the Atom feed, every CAP document
 * and the app's map of current levels are answered from memory, with no database query per request.
 * A public page is what everyone opens when a level is raised (a burst of anonymous readers, each a
 * query on the embedded database's single thread before); now it costs a hash lookup and, with the
 * ETag, mostly a 304.
 *
 * Kept current by the database: every decision and transition NOTIFYs `threat_level` on commit
 * (whoever writes, any instance), the event bus hears it and the snapshot is rebuilt (coalesced: one
 * rebuild at a time, another after it if more was heard meanwhile). It is also rebuilt at the next
 * moment a level starts or ends by itself (a timer), and whenever the bus's LISTEN connection comes
 * back. While that connection is down what was said is not heard: a request then rebuilds it when it
 * is older than `staleAfterMs` (at most one query every few seconds, not one per request).
 * Switch: none needed — with nothing declared the snapshot is a handful of small strings.
 */
import { createHash } from "node:crypto";
import { asc } from "drizzle-orm";
import type { Locale } from "../../../domain/contracts/common";
import { locales } from "../../../domain/contracts/common";
import { type DeclarationAction, nextBoundary, type ThreatLevel } from "../../../domain/threat-levels";
import type { Database } from "../../platform/db";
import type { EventBus } from "../../platform/events";
import { namesOf } from "../../platform/sql";
import { CONSEQUENCE_PUBLIC_CHANNEL, publishedStatements } from "../consequences";
import { bodyMap, childTerritories, territoriesByCodes } from "../registry";
import { type CapOptions, capAtomFeed, capDocument } from "./cap";
import {
  buildPublicModel,
  type PublicArea,
  type PublicDecision,
  type PublicModel,
  type PublicStatement,
} from "./public-model";
import { renderPublicPage } from "./public-page";
import { TASK_EVENTS, THREAT_LEVEL_CHANNEL } from "./threat-level-events";
import { threatLevelDeclaration } from "./threat-levels.tables";

/** A rendered answer with its validator. */
export type Rendered = { body: string; etag: string };

const render = (body: string): Rendered => ({
  body,
  etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`,
});

export type Snapshot = {
  model: PublicModel;
  pages: Record<Locale, Rendered>;
  feeds: Record<Locale, Rendered>;
  /** CAP documents by decision id, rendered on first request (a decision never changes). */
  cap(id: string): Rendered | null;
};

/** Reads what the public may see — the decisions' columns without `grounds` — and builds the snapshot. */
export async function readPublicSnapshot(
  database: Database,
  opts: CapOptions,
  now = Date.now(),
  /** Rendered CAP documents: a decision's document never changes, so they outlive rebuilds. */
  capCache = new Map<string, Rendered>(),
): Promise<Snapshot> {
  const db = database.db;
  const t = threatLevelDeclaration;
  const rows = await db
    .select({
      id: t.id,
      number: t.number,
      action: t.action,
      level: t.level,
      territories: t.territories,
      territoryPaths: t.territoryPaths,
      startsAt: t.startsAt,
      endsAt: t.endsAt,
      announcementKk: t.announcementKk,
      announcementRu: t.announcementRu,
      announcementEn: t.announcementEn,
      supersedesId: t.supersedesId,
      bodyId: t.bodyId,
      createdAt: t.createdAt,
    })
    .from(t)
    .orderBy(asc(t.createdAt));
  const [regionRows, units, bodies, published] = await Promise.all([
    childTerritories(db, "KZ", ["region", "city_republican", "maritime"]),
    territoriesByCodes(db, [...new Set(["KZ", ...rows.flatMap((r) => r.territories)])]),
    bodyMap(db, [...new Set(rows.map((r) => r.bodyId).filter((x): x is string => !!x))]),
    publishedStatements(db),
  ]);
  const statements: PublicStatement[] = published.map((p) => ({
    id: p.id,
    text: p.text,
    publishedAt: Date.parse(p.publishedAt),
    territoryNames: p.territory.names,
    bodyNames: p.bodyNames,
  }));
  const area = (u: (typeof units)[number]): PublicArea => ({ code: u.code, path: u.path, names: namesOf(u) });
  const areas = new Map<string, PublicArea>([...units, ...regionRows].map((u) => [u.code, area(u)]));
  const decisions: PublicDecision[] = rows.map((r) => {
    const body = r.bodyId ? bodies.get(r.bodyId) : undefined;
    return {
      id: r.id,
      number: r.number,
      action: r.action as DeclarationAction,
      level: (r.level as ThreatLevel | null) ?? null,
      territories: r.territories,
      territoryPaths: r.territoryPaths,
      startsAt: r.startsAt.getTime(),
      endsAt: r.endsAt?.getTime() ?? null,
      supersedesId: r.supersedesId,
      createdAt: r.createdAt.getTime(),
      announcement: { kk: r.announcementKk, ru: r.announcementRu, en: r.announcementEn },
      senderNames: body ? namesOf(body) : null,
    };
  });
  // Regions in the order people look for them: by their Kazakh name, the sea last.
  const regions = regionRows
    .map(area)
    .sort((a, b) =>
      a.code === "KZ-CASPIAN" ? 1 : b.code === "KZ-CASPIAN" ? -1 : a.names.kk.localeCompare(b.names.kk, "kk"),
    );
  const model = buildPublicModel(decisions, regions, areas, now, statements);
  const each = (f: (l: Locale) => string) =>
    Object.fromEntries(locales.map((l) => [l, render(f(l))])) as Record<Locale, Rendered>;
  return {
    model,
    pages: each((l) => renderPublicPage(model, l)),
    feeds: each((l) => capAtomFeed(model, l, opts)),
    cap(id) {
      const d = model.byId.get(id);
      if (!d) return null;
      let hit = capCache.get(id);
      if (!hit) {
        hit = render(capDocument(model, d, opts));
        capCache.set(id, hit);
      }
      return hit;
    },
  };
}

export class PublicSnapshot {
  private current: Snapshot | null = null;
  private building: Promise<Snapshot> | null = null;
  private again = false;
  private listening = false;
  private timer: NodeJS.Timeout | null = null;
  private stops: (() => void)[] = [];
  private builtAt = 0;
  private readonly capCache = new Map<string, Rendered>();

  constructor(
    private readonly database: Database,
    private readonly opts: CapOptions,
    private readonly staleAfterMs = 5_000,
  ) {}

  /** Follow the bus: rebuild on every decision heard and when the connection comes back. */
  follow(bus: EventBus): this {
    this.stops.push(
      bus.subscribe(THREAT_LEVEL_CHANNEL, (payload) => {
        // A confirmed task changes nothing the public sees.
        if (TASK_EVENTS.has((payload as { event?: string } | null)?.event ?? "")) return;
        void this.rebuild().catch(() => {});
      }),
      // An approved (or withdrawn) public statement after an act (R21.3) changes the page too.
      bus.subscribe(CONSEQUENCE_PUBLIC_CHANNEL, () => void this.rebuild().catch(() => {})),
      bus.watchConnection((connected) => {
        this.listening = connected;
        if (connected) void this.rebuild().catch(() => {});
      }),
    );
    return this;
  }

  /** The snapshot to answer from (built on first use; rebuilt when not listening and old). */
  async get(): Promise<Snapshot> {
    // A change heard is being read in: answer with it, not with what it replaces.
    if (this.building) return this.building;
    if (this.current && (this.listening || Date.now() - this.builtAt < this.staleAfterMs))
      return this.current;
    return this.rebuild();
  }

  /** Rebuild now; calls while one runs share the next rebuild (nothing heard is missed). */
  rebuild(): Promise<Snapshot> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    this.building = (async () => {
      try {
        let snap: Snapshot;
        do {
          this.again = false;
          const startedAt = Date.now();
          snap = await readPublicSnapshot(this.database, this.opts, startedAt, this.capCache);
          this.current = snap;
          this.builtAt = startedAt;
        } while (this.again);
        this.schedule(snap);
        return snap;
      } finally {
        this.building = null;
      }
    })();
    return this.building;
  }

  /** A rebuild at the next start or end of a level (a second after it). */
  private schedule(snap: Snapshot) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = nextBoundary([...snap.model.byId.values()], Date.now());
    if (next === null) return;
    const wait = Math.min(Math.max(next - Date.now() + 1000, 1000), 2_147_000_000);
    this.timer = setTimeout(() => void this.rebuild().catch(() => {}), wait);
    this.timer.unref();
  }

  close() {
    for (const s of this.stops) s();
    this.stops = [];
    if (this.timer) clearTimeout(this.timer);
  }
}
