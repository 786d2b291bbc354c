/**
 * The demo's terrorist threat level (Decree No. 611; R6, R10.1, R21.3): the ATC's demo coordinator
 * declared the moderate ("yellow") level for the demo city a few days ago, for a period still running,
 * with restricted grounds and a public announcement in kk, ru and en; the city's bodies that have a demo
 * account (its commission, HQ, police department, first response force and first organisation, see
 * src/server/seed/demo-accounts.ts) confirmed receipt within the 30 minutes and two of them reported a
 * measure done; every other tasked body of the city has not confirmed, so the task board reads
 * "X of Y" with who is missing, the header chip, the home tile and the public page show the level.
 * Declared, confirmed and reported through this module's services (tasks, audit, NOTIFY), then dated
 * back in this module's own tables (the audit keeps the seeding time). Synthetic: invented grounds.
 * Once: a second run finds the city's decision and does nothing.
 */
import { eq } from "drizzle-orm";
import { declareThreatLevelBody } from "../../../domain/contracts/threat-levels";
import type { Role } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { peopleByIds, userIdByName } from "../auth";
import { type DemoBodySpec, demoBodyFor, territoryByCode } from "../registry";
import { allDeclarations, declareThreatLevel } from "./threat-levels.service";
import { threatLevelDeclaration, threatLevelTask } from "./threat-levels.tables";
import { confirmThreatTask, reportMeasureDone } from "./threat-levels.tasks";

type Ctx = Required<RequestContext>;

/** Days before now the level was declared (and took effect); days from now its period ends. */
const DECLARED_DAYS_AGO = 4;
const ENDS_IN_DAYS = 21;

/** A demo account of the city that answers its body's task: minutes after the decision, and what it reports done. */
type Responder = {
  username: string;
  role: Role;
  body: (city: string) => DemoBodySpec;
  confirmAfterMinutes: number;
  done?: { key: string; afterHours: number; note: string };
};

const RESPONDERS: readonly Responder[] = [
  {
    username: "secretary",
    role: "commission_secretary",
    body: (city) => ({ kind: "commission", territory: city }),
    confirmAfterMinutes: 6,
    done: {
      key: "inform_population",
      afterHours: 20,
      note: "Демо: хабарлама қалалық БАҚ-та, әкімдіктің сайтында және әлеуметтік желілерде жарияланды.",
    },
  },
  {
    username: "hq",
    role: "hq_officer",
    body: (city) => ({ kind: "hq", territory: city }),
    confirmAfterMinutes: 9,
  },
  {
    username: "forces",
    role: "response_force_coordinator",
    body: (city) => ({ kind: "response_force", territory: city }),
    confirmAfterMinutes: 14,
    done: {
      key: "check_forces_readiness",
      afterHours: 30,
      note: "Демо: кезекші күштер мен құралдардың әзірлігі тексерілді, кемшіліктер анықталмады.",
    },
  },
  {
    // A member body of the city's commission (its police department), answering for its own measures.
    username: "member",
    role: "commission_member",
    body: (city) => ({ kind: "member_body", territory: city }),
    confirmAfterMinutes: 17,
  },
  {
    username: "reporter",
    role: "organisation_reporter",
    body: (city) => ({ kind: "organisation", territory: city }),
    confirmAfterMinutes: 22,
  },
];

const GROUNDS =
  "Демо (ойдан шығарылған негіздеме): арнаулы мемлекеттік органның жедел ақпараты бойынша қалада адамдар " +
  "көп жиналатын орындарда терроризм актісін жасау ниеті туралы расталуын талап ететін мәліметтер алынды; " +
  "ақпарат тексерілуде.";

const ANNOUNCEMENT = {
  kk:
    "Алматы қаласында терроризм қаупінің қалыпты («сары») деңгейі белгіленді. Терроризм актісін жасаудың " +
    "нақты мүмкіндігі туралы расталуын талап ететін ақпарат бар. Сабыр сақтаңыз, күдікті адамдар мен " +
    "иесіз заттар туралы полицияға (102) немесе 112 бірыңғай нөміріне хабарлаңыз. (Демо хабарлама)",
  ru:
    "В городе Алматы установлен умеренный («жёлтый») уровень террористической опасности. Имеется " +
    "требующая подтверждения информация о реальной возможности совершения акта терроризма. Сохраняйте " +
    "спокойствие, о подозрительных людях и бесхозных предметах сообщайте в полицию (102) или по единому " +
    "номеру 112. (Демонстрационное объявление)",
  en:
    "The moderate (“yellow”) terrorist threat level has been set in the city of Almaty. There is " +
    "information about a real possibility of an act of terrorism that needs confirmation. Stay calm and " +
    "report suspicious people and unattended objects to the police (102) or the single number 112. " +
    "(Demo announcement)",
};

/** A demo account's context with the grant the demo seed gave it, under its own full name. */
async function demoCtx(
  database: Database,
  username: string,
  role: Role,
  spec: DemoBodySpec,
  scope: string,
): Promise<Ctx | null> {
  const db = database.db;
  const id = await userIdByName(db, username);
  const held = await demoBodyFor(db, spec);
  const place = await territoryByCode(db, scope);
  if (!id || !held || !place) return null;
  const person = (await peopleByIds(db, [id])).get(id);
  return {
    requestId: "seed",
    ip: "",
    locale: "kk",
    user: {
      id,
      username,
      displayName: person?.fullName ?? username,
      actor: { userId: id, grants: [{ role, bodyId: held.id, territoryPath: place.path }] },
    },
  };
}

export type DemoThreatLevelResult = { declarationId: string; tasks: number; confirmed: number } | null;

export async function seedDemoThreatLevel(
  database: Database,
  opts: { city: string; atcUsername?: string },
  now: Date = new Date(),
): Promise<DemoThreatLevelResult> {
  const db = database.db;
  const city = await territoryByCode(db, opts.city);
  if (!city) return null;
  // Once: any decision naming the city means the demo level (or someone's own) is there already.
  if ((await allDeclarations(db)).some((d) => d.territories.includes(city.code))) return null;
  const atc = await demoCtx(database, opts.atcUsername ?? "atc", "atc_coordinator", { kind: "atc" }, "KZ");
  if (!atc) return null;
  const declaredAt = new Date(Math.floor((now.getTime() - DECLARED_DAYS_AGO * 86_400_000) / 1000) * 1000);
  const minutes = (m: number) => new Date(declaredAt.getTime() + m * 60_000);
  // Through the contract, as a request would be.
  const d = await declareThreatLevel(
    database,
    atc,
    declareThreatLevelBody.parse({
      level: "moderate",
      territories: [city.code],
      startsAt: declaredAt.toISOString(),
      endsAt: new Date(declaredAt.getTime() + (DECLARED_DAYS_AGO + ENDS_IN_DAYS) * 86_400_000).toISOString(),
      grounds: GROUNDS,
      announcement: ANNOUNCEMENT,
      decisionRef: "Демо: АТО-ның хаттамалық шешімі № 3-ДСП",
    }),
  );
  const tasks = await db
    .select({ id: threatLevelTask.id, bodyId: threatLevelTask.bodyId })
    .from(threatLevelTask)
    .where(eq(threatLevelTask.declarationId, d.id));
  const answered: { taskId: string; r: Responder }[] = [];
  for (const r of RESPONDERS) {
    const ctx = await demoCtx(database, r.username, r.role, r.body(city.code), city.code);
    const bodyId = ctx?.user.actor.grants[0].bodyId;
    const task = tasks.find((t) => t.bodyId === bodyId);
    if (!ctx || !task) continue;
    await confirmThreatTask(database, ctx, task.id);
    if (r.done) await reportMeasureDone(database, ctx, task.id, { key: r.done.key, note: r.done.note });
    answered.push({ taskId: task.id, r });
  }
  // Dated back to when it happened, in this module's own tables: the decision, its tasks (due 30 minutes
  // after it), each confirmation minutes later and each measure reported done hours later.
  await db.transaction(async (tx) => {
    await tx
      .update(threatLevelDeclaration)
      .set({ createdAt: declaredAt })
      .where(eq(threatLevelDeclaration.id, d.id));
    await tx
      .update(threatLevelTask)
      .set({ createdAt: declaredAt, dueAt: minutes(30) })
      .where(eq(threatLevelTask.declarationId, d.id));
    for (const { taskId, r } of answered) {
      const [row] = await tx.select().from(threatLevelTask).where(eq(threatLevelTask.id, taskId));
      await tx
        .update(threatLevelTask)
        .set({
          confirmedAt: minutes(r.confirmAfterMinutes),
          done: row.done.map((x) =>
            x.key === r.done?.key ? { ...x, at: minutes(r.done.afterHours * 60).toISOString() } : x,
          ),
        })
        .where(eq(threatLevelTask.id, taskId));
    }
  });
  return { declarationId: d.id, tasks: tasks.length, confirmed: answered.length };
}
