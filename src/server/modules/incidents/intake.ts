/**
 * Grouped intake of incident reports (R16; issue #3 §7). In a crisis hundreds of reports arrive at
 * once; filing each in its own transaction serialises them on the audit chain's lock. Here every
 * report that arrives while transactions are running waits for the next one, and each transaction
 * files all of them together: the routing reads for the whole group (held in memory while heard),
 * one statement for the reports and their first history entries, one for their chained audit
 * entries and the boards' NOTIFY — then each request is answered, only after commit (nothing
 * acknowledged is lost).
 * With one report in flight this is the plain path: nobody waits for a timer.
 *
 * A retry with a key already filed (or racing in the same group) is told so, and its caller answers
 * with the report on file. If a group fails as a whole, each of its reports is filed on its own, so
 * one bad report cannot fail the others.
 */

import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type { ReportIncidentBody } from "../../../domain/contracts/incidents";
import { competentHqTerritory } from "../../../domain/incidents";
import { almatyYear } from "../../../domain/prevention";
import { pathCodes, type TerritoryType } from "../../../domain/territory";
import type { RequestContext } from "../../platform/context";
import { type Database, GrowthWatch, prepared } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { type EventBus, notifySelect } from "../../platform/events";
import { HeldWhileHeard } from "../../platform/held-while-heard";
import { insertRowsSql, mapRows, namesOf, returningAll } from "../../platform/sql";
import { auditInsertSql, CHAIN_HEAD_SCRIPT } from "../audit/audit.service";
import { appUser } from "../auth/auth.tables";
import { BODY_CHANGED_CHANNEL } from "../registry/body-index";
import { body, territory } from "../registry/registry.tables";
import { incident, incidentEvent } from "./incidents.tables";

type Ctx = Required<RequestContext>;
export type IncidentRow = typeof incident.$inferSelect;
export type IncidentEventRow = typeof incidentEvent.$inferSelect;
type Ref = { id: string; names: Names };

export type IntakeItem = {
  ctx: Ctx;
  key: string;
  input: ReportIncidentBody;
  reportingBodyId: string;
  ackDeadlineSeconds: number;
};

export type Filed =
  | { created: true; row: IncidentRow; event: IncidentEventRow; placeNames: Names; reporter: Ref; hq: Ref }
  | { created: false };

type Waiting = IntakeItem & { resolve(f: Filed): void; reject(e: unknown): void };

export type IntakeEventOf = (row: IncidentRow) => unknown;

type TerritoryRow = typeof territory.$inferSelect;
type HqRow = {
  id: string;
  territoryCode: string;
  territoryPath: string;
  subtype: string | null;
  active: boolean;
  nameKk: string;
  nameRu: string;
  nameEn: string;
};
type ReporterRow = { id: string; nameKk: string; nameRu: string; nameEn: string };

/** Keys through a held cache: what it holds, the rest loaded at once (a key not found is held as absent). */
async function readThrough<V>(
  cache: HeldWhileHeard<V | null>,
  keys: readonly string[],
  load: (missing: string[]) => Promise<Map<string, V>>,
): Promise<Map<string, V>> {
  const now = Date.now();
  const out = new Map<string, V>();
  const missing: string[] = [];
  for (const k of keys) {
    if (!cache.has(k, now)) missing.push(k);
    else {
      const v = cache.get(k, now);
      if (v) out.set(k, v);
    }
  }
  if (missing.length) {
    const generation = cache.generation;
    const found = await load(missing);
    for (const k of missing) {
      const v = found.get(k) ?? null;
      cache.put(k, v, now, generation);
      if (v) out.set(k, v);
    }
  }
  return out;
}

/**
 * What routing reads — territories, the operational HQs of territories, reporting bodies — held
 * while this instance hears every change to bodies and territories (migration 0014's
 * qorgan_body_changed, on commit, whoever writes; platform/held-while-heard.ts). In a crisis the
 * same few HQs receive every report: a warm group asks the database nothing before it files.
 */
class RoutingReads {
  readonly territories = new HeldWhileHeard<TerritoryRow | null>(60_000, 50_000);
  /** By territory code; "republican": the republican HQ (active or not). */
  readonly hqs = new HeldWhileHeard<HqRow | null>(60_000);
  readonly reporters = new HeldWhileHeard<ReporterRow | null>(60_000);

  follow(bus: EventBus): () => void {
    const stops = [this.territories, this.hqs, this.reporters].map((c) =>
      c.follow(bus, BODY_CHANGED_CHANNEL, () => "all"),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  async territoryRows(db: Database["db"], codes: string[]): Promise<TerritoryRow[]> {
    const got = await readThrough(this.territories, codes, async (missing) => {
      const rows = await db.select().from(territory).where(inArray(territory.code, missing));
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
      const rows = await db
        .select({
          id: body.id,
          territoryCode: body.territoryCode,
          territoryPath: body.territoryPath,
          subtype: body.subtype,
          active: body.active,
          nameKk: body.nameKk,
          nameRu: body.nameRu,
          nameEn: body.nameEn,
        })
        .from(body)
        .where(
          and(
            eq(body.kind, "hq"),
            want.length
              ? or(
                  and(inArray(body.territoryCode, want), eq(body.active, true)),
                  eq(body.subtype, "republican"),
                )
              : eq(body.subtype, "republican"),
          ),
        );
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
      const rows = await db
        .select({ id: body.id, nameKk: body.nameKk, nameRu: body.nameRu, nameEn: body.nameEn })
        .from(body)
        .where(inArray(body.id, missing));
      return new Map(rows.map((r) => [r.id, r]));
    });
  }
}

const routingReads = new WeakMap<Database, RoutingReads>();
const routingReadsOf = (database: Database) => {
  let r = routingReads.get(database);
  if (!r) {
    r = new RoutingReads();
    routingReads.set(database, r);
  }
  return r;
};

/** Hold routing's reads while `bus` hears of changes to bodies and territories; returns the way to stop. */
export function followRoutingReads(database: Database, bus: EventBus): () => void {
  return routingReadsOf(database).follow(bus);
}

export class IntakeQueue {
  private queue: Waiting[] = [];
  private running = 0;
  /** Keeps the planner's statistics up with the reports' tables while they are young (see GrowthWatch). */
  readonly growth: GrowthWatch;

  constructor(
    private readonly database: Database,
    private readonly eventOf: IntakeEventOf,
    private readonly channel: string,
    private readonly maxGroup = 200,
    private readonly parallel = 1,
  ) {
    this.growth = new GrowthWatch(database, ["incident", "incident_event"]);
  }

  submit(item: IntakeItem): Promise<Filed> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      // Start at the end of this turn of the event loop, so reports that arrived together go
      // together (on the embedded database a group's queries never yield to the next request).
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private scheduled = false;

  private pump() {
    while (this.running < this.parallel && this.queue.length) {
      const group = this.queue.splice(0, this.maxGroup);
      this.running++;
      void this.run(group).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(group: Waiting[]) {
    const settle = (w: Waiting, r: Filed | AppError) => (r instanceof AppError ? w.reject(r) : w.resolve(r));
    try {
      const results = await this.file(group);
      group.forEach((w, i) => {
        settle(w, results[i]);
      });
    } catch (e) {
      if (group.length === 1) return group[0].reject(e);
      for (const w of group) {
        try {
          settle(w, (await this.file([w]))[0]);
        } catch (e1) {
          w.reject(e1);
        }
      }
    }
  }

  /** File a group in one transaction; one result per item, in order. */
  private async file(items: IntakeItem[]): Promise<(Filed | AppError)[]> {
    const db = this.database.db;
    // Routing reads for the whole group, before the transaction (keep the serialised part short).
    const codes = [...new Set(items.map((i) => i.input.territoryCode))];
    const bodyIds = [...new Set(items.map((i) => i.reportingBodyId))];
    // Reference rows, held while heard (RoutingReads): a warm group reads nothing here.
    const reads = routingReadsOf(this.database);
    const places = await reads.territoryRows(db, codes);
    const placeOf = new Map(places.map((p) => [p.code, p]));
    const units = await reads.territoryRows(db, [...new Set(places.flatMap((p) => pathCodes(p.path)))]);
    const typeOf = new Map(units.map((u) => [u.code, u.type as TerritoryType]));
    const hqTerritoryOf = new Map<IntakeItem, string>();
    for (const it of items) {
      const place = placeOf.get(it.input.territoryCode);
      if (!place) continue;
      const offshore = it.input.offshore || place.type === "maritime";
      const chain = pathCodes(place.path).map((c) => ({ code: c, type: typeOf.get(c) ?? "settlement" }));
      hqTerritoryOf.set(it, competentHqTerritory(chain, offshore));
    }
    const [{ byTerritory: hqOf, republican }, reporterOf] = await Promise.all([
      reads.hqRows(db, [...new Set(hqTerritoryOf.values())]),
      reads.reporterRows(db, bodyIds),
    ]);

    const results: (Filed | AppError | null)[] = items.map(() => null);
    const receivedAt = new Date();
    // Registration numbers "2026-000123": the year of receipt in Almaty and a server-wide sequence.
    const year = almatyYear(receivedAt);
    const accepted: {
      i: number;
      hq: NonNullable<typeof republican>;
      values: Omit<typeof incident.$inferInsert, "regNumber">;
    }[] = [];
    items.forEach((it, i) => {
      const place = placeOf.get(it.input.territoryCode);
      if (!place) {
        results[i] = new AppError(400, "validation", {}, [{ path: "territoryCode", code: "invalid_kato" }]);
        return;
      }
      const hq = hqOf.get(hqTerritoryOf.get(it)!) ?? republican;
      if (!hq || !reporterOf.has(it.reportingBodyId)) {
        results[i] = new AppError(500, "internal");
        return;
      }
      const input = it.input;
      accepted.push({
        i,
        hq,
        values: {
          type: input.type,
          occurredAt: new Date(input.occurredAt),
          receivedAt,
          territoryCode: place.code,
          territoryPath: place.path,
          offshore: input.offshore || place.type === "maritime",
          address: input.address,
          lat: input.lat ?? null,
          lon: input.lon ?? null,
          description: input.description,
          casualties: input.casualties ?? null,
          reporterContact: input.reporterContact,
          reporterBodyId: it.reportingBodyId,
          reporterUserId: it.ctx.user.id,
          idempotencyKey: it.key,
          hqBodyId: hq.id,
          hqTerritoryPath: hq.territoryPath,
          ackDeadline: new Date(receivedAt.getTime() + it.ackDeadlineSeconds * 1000),
        },
      });
    });

    if (accepted.length) {
      // Two round trips: (1) the reports and their first history entries in one statement, then the
      // audit chain's lock and head; (2) the audit entries and the boards' NOTIFY in one statement,
      // and COMMIT. The answers wait for (2).
      const filed = await this.database.scripted(async (run) => {
        // The entry's actor is the reporter (their user name, as the session has it).
        const insert = insertRowsSql(
          incident,
          accepted.map((a) => a.values),
          {
            computed: {
              regNumber: sql`${String(year)}::text || '-' || lpad(nextval('incident_number_seq')::text, 6, '0')`,
            },
            onConflictDoNothing: ["reporterUserId", "idempotencyKey"],
          },
        );
        // Both statements run prepared: their text is the same for every group (the values are one
        // jsonb parameter), so PostgreSQL parses and plans each once per connection.
        const fileAll = sql`with i as (${insert}),
            e as (
              insert into ${incidentEvent} (incident_id, action, to_status, actor_id, actor_name)
              select i.id, 'report', 'received', i.reporter_user_id, u.username
                from i join ${appUser} u on u.id = i.reporter_user_id
              returning ${returningAll(incidentEvent)}
            )
            select ${returningAll(incident, "i")}, to_jsonb(e) as "__event" from i join e on e.incident_id = i.id`;
        const [raw, , head] = (await run([prepared(fileAll), CHAIN_HEAD_SCRIPT])) as [
          (Record<string, unknown> & { __event: Record<string, unknown> })[],
          unknown,
          { hash: string }[],
        ];
        const rows = mapRows(incident, raw);
        const eventOf = new Map(
          mapRows(
            incidentEvent,
            raw.map((r) => r.__event),
          ).map((e) => [e.incidentId, e]),
        );
        // Match rows to items by (user, key); a key twice in the group: the first files it.
        const rowOf = new Map(rows.map((r) => [`${r.reporterUserId} ${r.idempotencyKey}`, r]));
        const mine = accepted.flatMap((a) => {
          const k = `${items[a.i].ctx.user.id} ${items[a.i].key}`;
          const row = rowOf.get(k);
          if (!row) return [];
          rowOf.delete(k);
          return [{ ...a, row }];
        });
        if (!mine.length) return [];
        const audit = auditInsertSql(
          head[0]?.hash ?? null,
          mine.map((m) => {
            const { reporterContact: _personal, ...audited } = m.row;
            return {
              ctx: items[m.i].ctx,
              entry: {
                action: "incident.reported" as const,
                entityType: "incident",
                entityId: m.row.id,
                territoryPath: m.row.territoryPath,
                after: audited,
              },
            };
          }),
          notifySelect(
            this.channel,
            mine.map((m) => this.eventOf(m.row)),
          ),
        );
        await run(prepared(audit), { commit: true });
        return mine.map((m) => ({ ...m, event: eventOf.get(m.row.id)! }));
      });
      this.growth.grew(filed.length);
      for (const f of filed) {
        const it = items[f.i];
        const place = placeOf.get(it.input.territoryCode)!;
        const reporter = reporterOf.get(it.reportingBodyId)!;
        results[f.i] = {
          created: true,
          row: f.row,
          event: f.event,
          placeNames: namesOf(place),
          reporter: { id: reporter.id, names: namesOf(reporter) },
          hq: { id: f.hq.id, names: namesOf(f.hq) },
        };
      }
    }
    return results.map((r) => r ?? { created: false });
  }
}

const queues = new WeakMap<Database, IntakeQueue>();

export function intakeQueueFor(database: Database, eventOf: IntakeEventOf, channel: string): IntakeQueue {
  let q = queues.get(database);
  if (!q) {
    // On a server two groups overlap: one files while the other waits for the audit chain's lock.
    // The embedded database runs one transaction at a time anyway.
    q = new IntakeQueue(database, eventOf, channel, 200, database.driver === "pglite" ? 1 : 2);
    queues.set(database, q);
  }
  return q;
}
