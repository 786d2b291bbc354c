/**
 * The demo's closed counter-terrorist operation (R17–R19): declared by the city's operational HQ over
 * a past report of hostage-taking (incidents' `seedDemoPastIncidents`), with forces called, committed,
 * moving and on site, log entries of R14's kinds of action, then the regime lifted and the operation ended with
 * its outcome and lessons — the summary its page, PDF and XLSX show. Every step goes through the
 * services (history, log, audit), then this module's own rows are dated back to the event's hours.
 * Dates relative to now. Once: an operation with the demo's title is not declared again. Synthetic.
 */
import { eq, inArray } from "drizzle-orm";
import { declareOperationBody } from "../../../domain/contracts/operations";
import type { LogEntryType } from "../../../domain/operations";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { activeBodiesWithin, hqsAt, territoryByCode } from "../registry";
import { addForce, addLogEntry, endOperation, updateForce } from "./operations.command";
import { declareOperation } from "./operations.service";
import { operation, operationCommand, operationForce, operationLog } from "./operations.tables";

export const DEMO_CLOSED_OPERATION_TITLE = "Демо: кеңседегі кепілдерді босату (аяқталған операция)";
/** The title an earlier seed gave it ("ТҚО" is the Anti-Terrorism Center's abbreviation in Kazakh). */
const EARLIER_TITLE = "Демо: кеңседегі кепілдерді босату (аяқталған ТҚО)";

const LOG: { entryType: LogEntryType; text: string }[] = [
  { entryType: "cordon", text: "Ғимарат айналасы қоршалды, тұрғындар эвакуацияланды." },
  { entryType: "negotiation", text: "Келіссөз тобы байланыс орнатты." },
  { entryType: "operational_combat", text: "Кепілдер босатылды, күдікті ұсталды." },
  { entryType: "casualties_update", text: "Зардап шеккендер жоқ; екі адам медициналық тексеруден өтті." },
];

const OUTCOME =
  "Барлық 6 кепіл зардапсыз босатылды; күдікті ұсталып, тергеуге берілді. Ғимарат тексерілді, жарылғыш заттар табылмады. Режим 5 сағаттан кейін алынды.";
const LESSONS =
  "Келіссөз тобының келуі 40 минутқа кешікті: кезекшілік кестесін қайта қарау. Ғимарат жоспарлары жедел штабта алдын ала болуы керек.";

export async function seedDemoClosedOperation(
  database: Database,
  opts: { city: string; hqUsername: string; report: { id: string; occurredAt: Date } },
): Promise<string | null> {
  const db = database.db;
  const [existing] = await db
    .select({ id: operation.id })
    .from(operation)
    .where(inArray(operation.title, [DEMO_CLOSED_OPERATION_TITLE, EARLIER_TITLE]));
  if (existing) return null;
  const [userId, city] = await Promise.all([
    userIdByName(db, opts.hqUsername),
    territoryByCode(db, opts.city),
  ]);
  if (!userId || !city) return null;
  const hq = (await hqsAt(db, [city.code])).find((h) => h.territoryCode === city.code);
  const forces = (await activeBodiesWithin(db, [city.path], ["response_force"])).slice(0, 3);
  if (!hq || forces.length === 0) return null;
  const ctx: Required<RequestContext> = {
    requestId: "seed",
    ip: "",
    locale: "kk",
    user: {
      id: userId,
      username: opts.hqUsername,
      displayName: opts.hqUsername,
      actor: { userId, grants: [{ role: "hq_officer", bodyId: hq.id, territoryPath: hq.territoryPath }] },
    },
  };
  const t0 = new Date(opts.report.occurredAt.getTime() + 40 * 60_000);
  let op = await declareOperation(
    database,
    ctx,
    declareOperationBody.parse({
      title: DEMO_CLOSED_OPERATION_TITLE,
      goals: ["suppress_act", "neutralise_terrorists", "ensure_safety"],
      zoneTerritories: [city.code],
      regimeStartedAt: t0.toISOString(),
      incidentIds: [opts.report.id],
    }),
  );
  for (const f of forces) op = await addForce(database, ctx, op.id, { bodyId: f.id, note: "" });
  for (const f of op.forces) {
    // The force commits itself (its coordinator's move); the demo acts for it under the HQ's account.
    const body = forces.find((b) => b.id === f.body.id);
    const forceCtx: Required<RequestContext> = {
      ...ctx,
      user: {
        ...ctx.user,
        actor: {
          userId,
          grants: [
            {
              role: "response_force_coordinator",
              bodyId: f.body.id,
              territoryPath: body?.territoryPath ?? hq.territoryPath,
            },
          ],
        },
      },
    };
    let next = await updateForce(database, forceCtx, f.id, {
      status: "committed",
      version: f.version,
      commitNote: "2 экипаж, 8 адам",
      eta: null,
    });
    for (const status of ["en_route", "on_site"] as const) {
      const version = next.forces.find((x) => x.id === f.id)?.version ?? 1;
      next = await updateForce(database, ctx, f.id, { status, version, commitNote: "", eta: null });
    }
  }
  for (const e of LOG) op = await addLogEntry(database, ctx, op.id, e);
  op = await endOperation(database, ctx, op.id, { version: op.version, outcome: OUTCOME, lessons: LESSONS });
  await dateBack(database, op.id, t0);
  return op.id;
}

/** The operation's own rows moved to the event's hours: each log entry 20 minutes after the one before. */
async function dateBack(database: Database, id: string, t0: Date) {
  const at = (m: number) => new Date(t0.getTime() + m * 60_000);
  await database.db.transaction(async (tx) => {
    const log = await tx
      .select({ id: operationLog.id })
      .from(operationLog)
      .where(eq(operationLog.operationId, id))
      .orderBy(operationLog.id);
    for (const [i, l] of log.entries()) {
      await tx
        .update(operationLog)
        .set({ at: at(i * 20) })
        .where(eq(operationLog.id, l.id));
    }
    const end = at(Math.max(300, (log.length - 1) * 20));
    await tx.update(operationCommand).set({ since: t0 }).where(eq(operationCommand.operationId, id));
    await tx
      .update(operationForce)
      .set({ requestedAt: at(5), committedAt: at(7), enRouteAt: at(10), onSiteAt: at(35), releasedAt: end })
      .where(eq(operationForce.operationId, id));
    await tx
      .update(operation)
      .set({ regimeStartedAt: t0, endedAt: end, createdAt: t0, updatedAt: end })
      .where(eq(operation.id, id));
  });
}
