/**
 * Grouped intake of incident reports (R16; issue #3 §7). In a crisis hundreds of reports arrive at
 * once; filing each in its own transaction serialises them on the audit chain's lock. Here every
 * report that arrives while a transaction is running waits for the next one, and each transaction
 * files all of them together: the routing reads for the whole group, one insert of the reports,
 * one of their first history entries, one chained write of their audit entries, one NOTIFY
 * statement — then each request is answered, only after commit (nothing acknowledged is lost).
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
import type { Database } from "../../platform/db";
import { AppError } from "../../platform/errors";
import { publishMany } from "../../platform/events";
import { insertRows, namesOf } from "../../platform/sql";
import { writeAuditMany } from "../audit/audit.service";
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

/** Territory rows by code, each kept for a minute (KATO changes only by an import). */
class TerritoryCache {
  private rows = new Map<string, { row: TerritoryRow | null; until: number }>();

  async get(db: Database["db"], codes: string[]): Promise<TerritoryRow[]> {
    const now = Date.now();
    const missing = codes.filter((c) => (this.rows.get(c)?.until ?? 0) <= now);
    if (missing.length) {
      const found = await db.select().from(territory).where(inArray(territory.code, missing));
      if (this.rows.size > 50_000) this.rows.clear();
      const byCode = new Map(found.map((t) => [t.code, t]));
      for (const c of missing) this.rows.set(c, { row: byCode.get(c) ?? null, until: now + 60_000 });
    }
    return codes.flatMap((c) => {
      const row = this.rows.get(c)?.row;
      return row ? [row] : [];
    });
  }
}

export class IntakeQueue {
  private queue: Waiting[] = [];
  private territories = new TerritoryCache();
  private running = 0;

  constructor(
    private readonly database: Database,
    private readonly eventOf: IntakeEventOf,
    private readonly channel: string,
    private readonly maxGroup = 200,
    private readonly parallel = 1,
  ) {}

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
    // Territories are reference data: held for a minute (territories.get), so a warm group asks
    // the database only for its HQs and reporting bodies, in parallel.
    const places = await this.territories.get(db, codes);
    const placeOf = new Map(places.map((p) => [p.code, p]));
    const units = await this.territories.get(db, [...new Set(places.flatMap((p) => pathCodes(p.path)))]);
    const typeOf = new Map(units.map((u) => [u.code, u.type as TerritoryType]));
    const hqTerritoryOf = new Map<IntakeItem, string>();
    for (const it of items) {
      const place = placeOf.get(it.input.territoryCode);
      if (!place) continue;
      const offshore = it.input.offshore || place.type === "maritime";
      const chain = pathCodes(place.path).map((c) => ({ code: c, type: typeOf.get(c) ?? "settlement" }));
      hqTerritoryOf.set(it, competentHqTerritory(chain, offshore));
    }
    const [hqs, reporters] = await Promise.all([
      db
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
            hqTerritoryOf.size
              ? or(
                  and(
                    inArray(body.territoryCode, [...new Set(hqTerritoryOf.values())]),
                    eq(body.active, true),
                  ),
                  eq(body.subtype, "republican"),
                )
              : eq(body.subtype, "republican"),
          ),
        ),
      db
        .select({ id: body.id, nameKk: body.nameKk, nameRu: body.nameRu, nameEn: body.nameEn })
        .from(body)
        .where(inArray(body.id, bodyIds)),
    ]);
    const reporterOf = new Map(reporters.map((r) => [r.id, r]));
    const republican = hqs.find((h) => h.subtype === "republican");
    const hqOf = new Map(hqs.filter((h) => h.active).map((h) => [h.territoryCode, h]));

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
      const filed = await db.transaction(async (tx) => {
        const rows = await insertRows(
          tx,
          incident,
          accepted.map((a) => a.values),
          {
            computed: {
              regNumber: sql`${year} || '-' || lpad(nextval('incident_number_seq')::text, 6, '0')`,
            },
            onConflictDoNothing: ["reporterUserId", "idempotencyKey"],
          },
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
        const events = await insertRows(
          tx,
          incidentEvent,
          mine.map((m) => ({
            incidentId: m.row.id,
            action: "report",
            toStatus: "received",
            actorId: items[m.i].ctx.user.id,
            actorName: items[m.i].ctx.user.username,
          })),
        );
        const eventOf = new Map(events.map((e) => [e.incidentId, e]));
        await writeAuditMany(
          tx,
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
        );
        await publishMany(
          tx,
          this.channel,
          mine.map((m) => this.eventOf(m.row)),
        );
        return mine.map((m) => ({ ...m, event: eventOf.get(m.row.id)! }));
      });
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
    q = new IntakeQueue(database, eventOf, channel);
    queues.set(database, q);
  }
  return q;
}
