/**
 * The demo's consequence work in Almaty city (synthetic people; real institution kinds only): the
 * city's response forces with duty contacts, base points, means and readiness (two not confirmed for
 * days: stale), beds of the medical formations (R23), two plans — one approved by a signed protocol
 * decision, one draft — and one activation with tasks in several states, a damaged object, an
 * environmental check and an approved public statement.
 */
import type { ResponseForceType } from "../../../domain/bodies";
import { responseForceBasis } from "../../../domain/bodies";
import type { MeansKind } from "../../../domain/consequences";
import type { PlanTaskInput } from "../../../domain/contracts/consequences";
import type { Actor } from "../../../domain/roles";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { seedSignedDecision } from "../prevention";
import { activeBodiesWithin, findBody, territoryByCode } from "../registry";
import { activatePlans, actOnTask, moveRequest, requestResource } from "./activations.service";
import { bedCapacity, forceProfile, readinessEntry } from "./consequences.tables";
import { approvePlan, createPlan } from "./plans.service";
import { actOnStatement, addDamagedObject, addEnvCheck, addStatement } from "./restoration.service";

const CITY = "750000000";
const CENTRE = { lat: 43.2389, lon: 76.8897 };

const MEANS: Partial<Record<ResponseForceType, [MeansKind, number][]>> = {
  state_fire: [
    ["fire_engine", 6],
    ["lifting_equipment", 1],
  ],
  nonstate_fire: [["fire_engine", 2]],
  specialised_fire: [
    ["fire_engine", 3],
    ["decontamination_kit", 2],
  ],
  mes_rescue: [
    ["rescue_vehicle", 4],
    ["lifting_equipment", 2],
  ],
  volunteer_rescue: [["rescue_vehicle", 1]],
  air_transport: [["aircraft", 2]],
  water_transport: [["boat", 2]],
  rail_transport: [["rail_unit", 1]],
  akimat_rapid_response: [["bus", 3]],
  communal_emergency: [
    ["lifting_equipment", 2],
    ["other", 4],
  ],
  emergency_medical: [
    ["ambulance", 12],
    ["resuscitation_ambulance", 3],
  ],
  sanitary_toxicological: [
    ["radiation_chemical_lab", 1],
    ["decontamination_kit", 4],
  ],
  toxicological_therapeutic: [["ambulance", 2]],
  toxicology_department: [["field_hospital", 1]],
};

/** Invented duty officers. */
const OFFICERS = [
  "Ә. Мұратов",
  "Д. Сейтқали",
  "Н. Бекова",
  "Т. Оразов",
  "Г. Әлиева",
  "С. Нұрланов",
  "А. Жанибек",
];

type Ctx = Required<RequestContext>;
const ctxOf = (id: string, username: string, actor: Actor): Ctx => ({
  requestId: "seed",
  ip: "",
  locale: "kk",
  user: { id, username, displayName: username, actor },
});

export async function seedDemoConsequences(database: Database): Promise<{ forces: number; plans: number }> {
  const db = database.db;
  const city = await territoryByCode(db, CITY);
  const commission = await findBody(db, "commission", CITY);
  const hq = await findBody(db, "hq", CITY);
  const [secId, hqId] = await Promise.all([userIdByName(db, "secretary"), userIdByName(db, "hq")]);
  if (!city || !commission || !hq || !secId || !hqId) return { forces: 0, plans: 0 };
  const forces = await activeBodiesWithin(db, [city.path], ["response_force"]);
  const now = Date.now();
  // One force of each type (the first by name), and its details.
  const byType = new Map<string, (typeof forces)[number]>();
  for (const f of forces) if (f.subtype && !byType.has(f.subtype)) byType.set(f.subtype, f);
  let i = 0;
  for (const f of forces) {
    const type = f.subtype as ResponseForceType;
    const stale = i % 7 === 5;
    const confirmedAt = new Date(now - (stale ? 72 : 1 + (i % 5)) * 3_600_000);
    const readiness = f.readiness ?? "ready";
    await db.insert(forceProfile).values({
      bodyId: f.id,
      dutyContacts: [
        {
          name: OFFICERS[i % OFFICERS.length],
          phone: `+7 727 300 ${String(10 + i).padStart(2, "0")} 01`,
          position: "кезекші",
        },
      ],
      lat: CENTRE.lat + (((i * 37) % 17) - 8) * 0.006,
      lon: CENTRE.lon + (((i * 53) % 19) - 9) * 0.008,
      personnel: 8 + ((i * 13) % 40),
      means: (MEANS[type] ?? []).map(([kind, count]) => ({ kind, count, note: "" })),
      readiness,
      readinessConfirmedAt: confirmedAt,
      answersToBodyId: commission.id,
    });
    await db.insert(readinessEntry).values([
      {
        bodyId: f.id,
        readiness: "ready",
        at: new Date(confirmedAt.getTime() - 86_400_000),
        byName: OFFICERS[(i + 1) % OFFICERS.length],
      },
      { bodyId: f.id, readiness, at: confirmedAt, byName: OFFICERS[i % OFFICERS.length] },
    ]);
    if (type && responseForceBasis(type) === "R23")
      await db.insert(bedCapacity).values(
        (
          [
            ["trauma", 40, 12],
            ["burns", 10, 3],
            ["toxicology", 15, 6],
            ["intensive_care", 8, 2],
          ] as const
        ).map(([profile, total, free]) => ({
          bodyId: f.id,
          territoryPath: f.territoryPath,
          profile,
          total: total + (i % 3) * 5,
          free: free + (i % 3),
          updatedAt: new Date(now - 2 * 3_600_000),
        })),
      );
    i++;
  }
  const pick = (t: ResponseForceType) => byType.get(t)?.id ?? null;
  const secretary = ctxOf(secId, "secretary", {
    userId: secId,
    grants: [{ role: "commission_secretary", bodyId: commission.id, territoryPath: city.path }],
  });
  const task = (
    mainTask: PlanTaskInput["mainTask"],
    activity: PlanTaskInput["activity"],
    title: string,
    body: string | null,
    normMinutes: number,
  ): PlanTaskInput => ({ mainTask, activity, title, responsibleBodyId: body, normMinutes, means: [] });
  const explosion = await createPlan(database, secretary, {
    territory: CITY,
    title: "Сауда орталығындағы жарылыс салдарын жою жоспары",
    scenario: "explosion",
    objectId: null,
    forecast: {
      casualties: { severe: 12, moderate: 25, light: 60 },
      areaHa: 2.5,
      evacuate: 3000,
      hazards: ["ғимараттың опырылуы", "өрт"],
    },
    reviewDate: new Date(now + 20 * 86_400_000).toISOString().slice(0, 10),
    tasks: [
      task(
        "prevent_loss_of_life",
        "rescue_firefighting",
        "Адамдарды эвакуациялау және өртті сөндіру",
        pick("state_fire"),
        15,
      ),
      task(
        "prevent_loss_of_life",
        "emergency_medical_aid",
        "Зардап шеккендерді сұрыптау және шұғыл көмек",
        pick("emergency_medical"),
        20,
      ),
      task(
        "rescue_and_help",
        "rescue_firefighting",
        "Үйінділерден іздеу-құтқару жұмыстары",
        pick("mes_rescue"),
        30,
      ),
      task(
        "rescue_and_help",
        "medical_psychological_support",
        "Зардап шеккендер мен туыстарына психологиялық көмек",
        pick("toxicology_department"),
        120,
      ),
      task(
        "limit_moral_effect",
        "medical_psychological_support",
        "Халыққа ресми ақпарат беру",
        commission.id,
        60,
      ),
      task(
        "restore_objects",
        "restore_functioning",
        "Инженерлік желілерді қалпына келтіру",
        pick("communal_emergency"),
        240,
      ),
      task("compensate_harm", "harm_compensation", "Зиянды өтеуге өтініштерді қабылдау", commission.id, 1440),
    ],
  });
  const decisionId = await seedSignedDecision(database, secretary, commission.id, {
    // A past year: this year's protocol numbering of the commission stays the demo users' own.
    heldAt: "2025-12-15T10:00:00+05:00",
    agendaTitle: "Терроризм актісінің зардаптарын жою жоспарлары туралы",
    text: "Сауда орталығындағы жарылыс салдарын жою жоспары бекітілсін.",
  });
  await approvePlan(database, secretary, explosion.id, { decisionId, version: explosion.version });
  await createPlan(database, secretary, {
    territory: CITY,
    title: "Химиялық зат шығарылған жағдайдағы іс-қимыл жоспары",
    scenario: "cbrn_release",
    objectId: null,
    forecast: {
      casualties: { severe: 30, moderate: 80, light: 200 },
      areaHa: 40,
      evacuate: 15000,
      hazards: ["улы заттар"],
    },
    reviewDate: null,
    tasks: [
      task(
        "prevent_loss_of_life",
        "emergency_medical_aid",
        "Залалсыздандыру және антидоттар",
        pick("sanitary_toxicological"),
        30,
      ),
      task(
        "rescue_and_help",
        "emergency_medical_aid",
        "Токсикологиялық емдеу",
        pick("toxicological_therapeutic"),
        60,
      ),
    ],
  });
  // The HQ activated the approved plan an hour ago; the forces have moved some of their tasks.
  const hqCtx = ctxOf(hqId, "hq", {
    userId: hqId,
    grants: [{ role: "hq_officer", bodyId: hq.id, territoryPath: city.path }],
  });
  const board = await activatePlans(database, hqCtx, {
    planIds: [explosion.id],
    operationId: null,
    incidentId: null,
    note: "Оқу-жаттығу: демо",
  });
  const moves: [number, ("accept" | "start" | "finish")[]][] = [
    [0, ["accept", "start", "finish"]],
    [1, ["accept", "start"]],
    [2, ["accept"]],
  ];
  for (const [k, actions] of moves) {
    const t = board.tasks[k];
    if (!t) continue;
    const actor: Actor = {
      userId: hqId,
      grants: [{ role: "response_force_coordinator", bodyId: t.body.id, territoryPath: city.path }],
    };
    let version = t.version;
    for (const action of actions)
      version = (await actOnTask(database, ctxOf(hqId, "seed", actor), t.id, { action, reason: "", version }))
        .version;
  }
  const blocked = board.tasks[5];
  if (blocked) {
    const actor: Actor = {
      userId: hqId,
      grants: [{ role: "response_force_coordinator", bodyId: blocked.body.id, territoryPath: city.path }],
    };
    await actOnTask(database, ctxOf(hqId, "seed", actor), blocked.id, {
      action: "block",
      reason: "Аймаққа кіру әлі жабық",
      version: blocked.version,
    });
  }
  // Resource requests (the operation forces' states): one the force has committed to (who and how
  // many, when), one still waiting for its answer.
  const [first, second] = [board.tasks[0]?.body.id, board.tasks[3]?.body.id];
  if (first && second && first !== second) {
    await requestResource(database, hqCtx, board.id, { bodyId: first, means: "2 автоцистерна, 8 құтқарушы" });
    const requested = await requestResource(database, hqCtx, board.id, {
      bodyId: second,
      means: "Жылжымалы медициналық пункт",
    });
    const r = requested.requests.find((x) => x.body.id === first);
    if (r) {
      const actor: Actor = {
        userId: hqId,
        grants: [{ role: "response_force_coordinator", bodyId: first, territoryPath: city.path }],
      };
      await moveRequest(database, ctxOf(hqId, "seed", actor), r.id, {
        status: "committed",
        version: r.version,
        commitNote: "1 автоцистерна қазір, екіншісі 40 минуттан кейін; 8 құтқарушы",
        eta: new Date(now + 20 * 60_000).toISOString(),
      });
    }
  }
  // Restoring normal life (R20.4, R21.3, R21.4): the damaged mall, an air check, and a statement the
  // HQ drafted and the commission's secretary approved (published on the public page).
  const restoring = await addDamagedObject(database, hqCtx, board.id, {
    name: "Сауда орталығының шатыры мен батыс кіреберісі",
    address: "Алматы қ., Абай даңғылы (демо)",
    objectId: null,
    damage: "severe",
    assessment: "Шатырдың шамамен 30%-ы опырылған, батыс кіреберістің әйнектері сынған.",
    restoration: [
      { title: "Үйінділерді шығару", done: true },
      { title: "Шатыр конструкцияларын бекіту", done: false },
      { title: "Әйнектеу", done: false },
    ],
    costTenge: 185_000_000,
    doneOn: null,
  });
  const lab = pick("sanitary_toxicological");
  await addEnvCheck(database, hqCtx, board.id, {
    kind: "air",
    place: "Сауда орталығының маңы, 200 м радиус",
    checkedAt: new Date(now - 30 * 60_000).toISOString(),
    result: "within_norms",
    findings: "Шаң мен жану өнімдерінің концентрациясы норма шегінде.",
    damagedObjectId: restoring.objects[0]?.id ?? null,
    bodyId: lab,
  });
  const drafted = await addStatement(database, hqCtx, board.id, {
    textKk:
      "Сауда орталығы маңындағы жағдай бақылауда. Зардап шеккендерге көмек көрсетілуде. Ресми ақпаратқа ғана сеніңіз.",
    textRu:
      "Ситуация у торгового центра под контролем. Пострадавшим оказывается помощь. Доверяйте только официальной информации.",
    textEn:
      "The situation at the shopping centre is under control. Victims are receiving help. Trust official information only.",
  });
  const statement = drafted.statements[0];
  if (statement)
    await actOnStatement(database, secretary, statement.id, {
      action: "approve",
      version: statement.version,
    });
  return { forces: forces.length, plans: 2 };
}
