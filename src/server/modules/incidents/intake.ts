/**
 * Intake of incident reports (R16): `fileReport` is what POST /api/incidents calls.
 * Each report is routed to the competent operational HQ (domain/incidents.ts: the deepest unit of
 * its place with an HQ, the marine HQ offshore) and filed in one ordinary transaction, values bound
 * as parameters: the report and its first history entry (one statement), then its audit entry with
 * the boards' NOTIFY (`writeAuditMany`: the audit chain's lock, its head, the insert). The request
 * is answered only after COMMIT, so nothing acknowledged is lost. The (user, Idempotency-Key) pair
 * is unique: a retry with a key already filed — or twice in one group — is told `created: false`,
 * and its caller answers with the report on file.
 *
 * Speed mechanisms on this path, each in its own file with its figures and its switch
 * (platform/speed-switches.ts):
 *  - intake-batching.ts: reports that arrive together are filed together, one transaction a group
 *    (QORGAN_INTAKE_BATCHING=off: each report alone, through the same `fileReports`);
 *  - routing-cache.ts: routing's reference rows held in memory while heard
 *    (QORGAN_CACHE_WHILE_LISTENING=off);
 *  - platform/analyze-growing-tables.ts: the reports' tables analyzed while young
 *    (QORGAN_ANALYZE_GROWING_TABLES=off).
 * Simplified away (2026-12-06, bench/incidents.ts): the group's two round trips of simple-protocol
 * scripts with values written in as quoted literals and PREPAREd by a hash of their text. The
 * ordinary transaction takes six round trips instead, three of them under the chain's lock: CPU
 * per report up by a tenth or so, the peak intake rate likely down by a tenth to a third — at about
 * ten times a national wave (docs/internals.md, "Speed mechanisms"). Naming the statements for
 * node-postgres to prepare once per connection showed no gain and was dropped.
 */
import { sql } from "drizzle-orm";
import type { Names } from "../../../domain/contracts/common";
import type { ReportIncidentBody } from "../../../domain/contracts/incidents";
import { competentHqTerritory } from "../../../domain/incidents";
import { almatyYear } from "../../../domain/prevention";
import { pathCodes, type TerritoryType } from "../../../domain/territory";
import { GrowthWatch } from "../../platform/analyze-growing-tables";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { AppError, fieldError } from "../../platform/errors";
import { notifySelect } from "../../platform/events";
import { speedOn } from "../../platform/speed-switches";
import { insertRowsSql, mapRows, namesOf, returningAll, rowsOf } from "../../platform/sql";
import { writeAuditMany } from "../audit";
import { incident, incidentEvent } from "./incidents.tables";
import { Batcher } from "./intake-batching";
import { routingReadsOf } from "./routing-cache";

export { followRoutingReads } from "./routing-cache";

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

/** Where filed reports are announced: the boards' channel and each report's event. */
export type IntakeBoards = { channel: string; eventOf: (row: IncidentRow) => unknown };

/** File one report: with its group (intake-batching.ts), or alone when batching is switched off. */
export function fileReport(database: Database, item: IntakeItem, boards: IntakeBoards): Promise<Filed> {
  const batcher = batcherFor(database, boards);
  if (batcher) return batcher.submit(item);
  return fileReports(database, [item], boards).then(([r]) => {
    if (r instanceof Error) throw r;
    return r;
  });
}

const batchers = new WeakMap<Database, Batcher<IntakeItem, Filed>>();

function batcherFor(database: Database, boards: IntakeBoards): Batcher<IntakeItem, Filed> | null {
  if (!speedOn("intakeBatching")) return null;
  let b = batchers.get(database);
  if (!b) {
    // On a server two groups overlap: one files while the other waits for the audit chain's lock.
    // The embedded database runs one transaction at a time anyway.
    b = new Batcher<IntakeItem, Filed>(
      (items) => fileReports(database, items, boards),
      200,
      database.driver === "pglite" ? 1 : 2,
    );
    batchers.set(database, b);
  }
  return b;
}

/** Keeps the planner's statistics up with the reports' tables while they are young. */
const growthWatches = new WeakMap<Database, GrowthWatch>();
function growthWatchOf(database: Database): GrowthWatch {
  let g = growthWatches.get(database);
  if (!g) {
    g = new GrowthWatch(database, ["incident", "incident_event"]);
    growthWatches.set(database, g);
  }
  return g;
}

/** File reports in one transaction; one result per item, in order (an AppError: that item refused). */
export async function fileReports(
  database: Database,
  items: IntakeItem[],
  boards: IntakeBoards,
): Promise<(Filed | AppError)[]> {
  const db = database.db;
  // Routing reads for the whole group, before the transaction (keep the serialised part short).
  const codes = [...new Set(items.map((i) => i.input.territoryCode))];
  const bodyIds = [...new Set(items.map((i) => i.reportingBodyId))];
  // Reference rows, held while heard (routing-cache.ts): a warm group reads nothing here.
  const reads = routingReadsOf(database);
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
      results[i] = fieldError("territoryCode", "invalid_kato");
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
        objectId: input.objectId ?? null,
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
      // The reports and their first history entries (actor: the reporter, by user name) in one
      // statement; a key already filed is skipped (ON CONFLICT) and returns no row.
      const insert = insertRowsSql(
        incident,
        accepted.map((a) => a.values),
        {
          computed: {
            // Registration numbers "2026-000123": the year of receipt in Almaty and a server-wide sequence.
            regNumber: sql`${String(year)}::text || '-' || lpad(nextval('incident_number_seq')::text, 6, '0')`,
          },
          onConflictDoNothing: ["reporterUserId", "idempotencyKey"],
        },
      );
      // The reporters' user names (as their sessions have them), for the history entries' actor.
      const reporters = new Map(items.map((it) => [it.ctx.user.id, it.ctx.user.username]));
      const usernames = JSON.stringify([...reporters].map(([id, username]) => ({ id, username })));
      const fileAll = sql`with i as (${insert}),
          e as (
            insert into ${incidentEvent} (incident_id, action, to_status, actor_id, actor_name)
            select i.id, 'report', 'received', i.reporter_user_id, u.username
              from i join jsonb_to_recordset(${usernames}::jsonb) as u(id uuid, username text)
                on u.id = i.reporter_user_id
            returning ${returningAll(incidentEvent)}
          )
          select ${returningAll(incident, "i")}, to_jsonb(e) as "__event" from i join e on e.incident_id = i.id`;
      const raw = await rowsOf<Record<string, unknown> & { __event: Record<string, unknown> }>(tx, fileAll);
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
      // Their audit entries, chained, with the boards' NOTIFY in the same statement.
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
        notifySelect(
          boards.channel,
          mine.map((m) => boards.eventOf(m.row)),
        ),
      );
      return mine.map((m) => ({ ...m, event: eventOf.get(m.row.id)! }));
    });
    growthWatchOf(database).grew(filed.length);
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
