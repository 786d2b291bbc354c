/**
 * A year of commission work for the demo (Rules ch. 2, R5–R12): for the Almaty city commission and the
 * demo district's commission, the current year's plan of measures across R8–R12 approved by the first
 * meeting's protocol, quarterly execution reports for the quarters so far, quarterly meetings with signed
 * protocols whose decisions are assignments done on time, done late, overdue and still open, and an
 * exercise held with findings (assignments) beside one planned. Everything goes through the module's own
 * services as the demo accounts (secretary, member), so it is audited and numbered as in real work; it
 * is written now and describes the months behind it (meeting dates, report quarters), its history then
 * dated back to them (demo-year.backdate.ts) with every outcome kept. Synthetic people,
 * real territories and institution names only. Idempotent: nothing is added when the city commission has
 * a plan for the year. Needs the demo registry and accounts.
 */
import { and, eq } from "drizzle-orm";
import type { MeasureBody } from "../../../domain/contracts/prevention";
import {
  addDays,
  almatyDate,
  type indicatorKinds,
  type MeasureCategory,
  type MeasureOutcome,
  type Quarter,
  quarterOf,
} from "../../../domain/prevention";
import type { Role } from "../../../domain/roles";
import { type RequestContext, systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { activeBodiesWithin, type BodyRecord, findBody, membersOf, territoryByCode } from "../registry";
import { actOnAssignment } from "./assignments.service";
import { dateBackDemoYear } from "./demo-year.backdate";
import { createExercise, recordExercise } from "./exercises.service";
import { reportMeasure } from "./measure-reports.service";
import { addDecision, createMeeting, signProtocol } from "./meetings.service";
import { addMeasures, approvePlan, createPlan, getPlan } from "./prevention.service";
import { assignment, plan } from "./prevention.tables";

type Ctx = Required<RequestContext>;
type IndicatorKind = (typeof indicatorKinds)[number];

export type DemoYearResult = {
  plans: number;
  measures: number;
  reports: number;
  meetings: number;
  assignments: number;
  exercises: number;
};

/** The measures of a demo plan: two per category of R8–R12, quarterly, with indicators. */
const MEASURES: {
  category: MeasureCategory;
  subtype: string;
  title: string;
  indicator: IndicatorKind;
  target: number;
}[] = [
  {
    category: "legal",
    subtype: "ict_and_blocking",
    title:
      "Интернет-ресурстардағы террористік материалдарды анықтау және бұғаттауға жіберу / Выявление и направление на блокировку террористических материалов в интернете",
    indicator: "objects_covered",
    target: 40,
  },
  {
    category: "legal",
    subtype: "migration",
    title:
      "Көші-қон заңнамасының сақталуын бірлескен тексеру / Совместные проверки соблюдения миграционного законодательства",
    indicator: "events_held",
    target: 4,
  },
  {
    category: "socio_economic",
    subtype: "employment",
    title:
      "Жұмыссыз жастарды «Жастар практикасы» бағдарламасына тарту / Вовлечение безработной молодёжи в программу «Молодёжная практика»",
    indicator: "people_reached",
    target: 300,
  },
  {
    category: "socio_economic",
    subtype: "social_protection",
    title: "Әлеуметтік осал отбасыларға атаулы көмек / Адресная помощь социально уязвимым семьям",
    indicator: "people_reached",
    target: 150,
  },
  {
    category: "organisational",
    subtype: "protecting_vulnerable_objects",
    title:
      "Террористік тұрғыдан осал объектілердің қорғалуын тексеру / Проверка защищённости объектов, уязвимых в террористическом отношении",
    indicator: "objects_covered",
    target: 12,
  },
  {
    category: "organisational",
    subtype: "informing_citizens",
    title:
      "Тұрғындарды террористік қауіп туындаған кездегі іс-қимыл тәртібі туралы хабардар ету / Информирование населения о действиях при угрозе терроризма",
    indicator: "events_held",
    target: 6,
  },
  {
    category: "educational",
    subtype: "patriotic_education",
    title: "Мектептерде патриоттық тәрбие сағаттары / Часы патриотического воспитания в школах",
    indicator: "events_held",
    target: 20,
  },
  {
    category: "educational",
    subtype: "diversity_and_history",
    title:
      "Студенттермен этносаралық келісім туралы дөңгелек үстелдер / Круглые столы со студентами о межэтническом согласии",
    indicator: "people_reached",
    target: 400,
  },
  {
    category: "propaganda",
    subtype: "social_advertising",
    title:
      "Терроризмге қарсы әлеуметтік жарнама (билбордтар, бейнероликтер) / Социальная реклама против терроризма (билборды, видеоролики)",
    indicator: "publications_broadcasts",
    target: 24,
  },
  {
    category: "propaganda",
    subtype: "countering_hostile_propaganda",
    title:
      "Діни экстремизм идеологиясын әшкерелейтін БАҚ материалдары / Материалы СМИ, разоблачающие идеологию религиозного экстремизма",
    indicator: "publications_broadcasts",
    target: 36,
  },
];

/** Each quarter's outcome of measure i: mostly done, some partly, some not done — a credible year. */
function outcomeOf(i: number, q: Quarter): MeasureOutcome {
  // The first measure of each category is done every quarter; the second varies.
  if (i % 2 === 0) return "done";
  if ((i + q) % 5 === 0) return "not_done";
  if ((i + q) % 3 === 0) return "partial";
  return "done";
}

/** A demo account's context with the grant the demo seed gave it (demo-accounts.ts). */
async function demoCtx(
  database: Database,
  username: string,
  role: Role,
  holder: BodyRecord,
  territoryPath: string,
): Promise<Ctx | null> {
  const id = await userIdByName(database.db, username);
  if (!id) return null;
  return {
    ...systemContext("seed"),
    user: {
      id,
      username,
      displayName: username,
      actor: { userId: id, grants: [{ role, bodyId: holder.id, territoryPath }] },
    },
  };
}

type Commission = {
  commission: BodyRecord;
  territoryPath: string;
  secretary: Ctx;
  /** The member body whose demo account reports on its assignments, with that account. */
  executor: { body: BodyRecord; ctx: Ctx } | null;
  members: BodyRecord[];
  partners: BodyRecord[];
};

async function commissionOf(
  database: Database,
  code: string,
  secretaryName: string,
  memberName: string,
  memberKind: "member_body" | "akimat",
): Promise<Commission | null> {
  const db = database.db;
  const t = await territoryByCode(db, code);
  const commission = t && (await findBody(db, "commission", t.code));
  if (!t || !commission) return null;
  const secretary = await demoCtx(database, secretaryName, "commission_secretary", commission, t.path);
  if (!secretary) return null;
  const members = (await membersOf(db, commission.id)).map((m) => m.body);
  if (!members.length) return null;
  let executorBody: BodyRecord | undefined;
  if (memberKind === "akimat")
    executorBody = (await findBody(db, "akimat", t.code)) as BodyRecord | undefined;
  else {
    const [deputy] = (await membersOf(db, commission.id)).filter((m) => m.role === "deputy");
    executorBody = deputy?.body;
  }
  const memberCtx =
    executorBody && (await demoCtx(database, memberName, "commission_member", executorBody, t.path));
  const partners = (await activeBodiesWithin(db, [t.path], ["partner"])).slice(0, 3);
  return {
    commission,
    territoryPath: t.path,
    secretary,
    executor: executorBody && memberCtx ? { body: executorBody, ctx: memberCtx } : null,
    members,
    partners,
  };
}

/** "YYYY-MM-DDT10:00:00+05:00": a meeting at ten in the morning, Almaty time. */
const at10 = (day: string) => `${day}T10:00:00+05:00`;

async function seedCommissionYear(
  database: Database,
  c: Commission,
  year: number,
  now: Date,
  out: DemoYearResult,
) {
  const today = almatyDate(now);
  const sec = c.secretary;
  const currentQ = year < Number(today.slice(0, 4)) ? 4 : quarterOf(today);
  // Meetings: one a quarter on the 20th day of its first month, those already behind us; at least one.
  let meetingDays = ([1, 2, 3, 4] as const)
    .map((q) => `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}-20`)
    .filter((d) => d < addDays(today, -3));
  if (!meetingDays.length) meetingDays = [addDays(today, -3)];
  const responsible = (i: number) => c.members[i % c.members.length];

  // 1. The first meeting approves the plan (its decision has no executors) and sets the first tasks.
  const first = await createMeeting(database, sec, {
    bodyId: c.commission.id,
    heldAt: at10(meetingDays[0]),
    place: "Әкімдік ғимараты, мәжіліс залы / Здание акимата, зал заседаний",
    chairName: "Асқар Мұратов (demo)",
    agenda: [
      {
        title: `${year} жылға арналған терроризмнің алдын алу жөніндегі іс-шаралар жоспары / План мероприятий по профилактике терроризма на ${year} год`,
        speakers: [{ name: "Мәдина Оспанова (demo)", bodyId: null }],
      },
      {
        title:
          "Террористік тұрғыдан осал объектілердің қорғалуы / Защищённость объектов, уязвимых в террористическом отношении",
        speakers: [{ name: "Нұрлан Қасымов (demo)", bodyId: c.executor?.body.id ?? null }],
      },
    ],
  });
  out.meetings++;
  await addDecision(database, sec, first.id, {
    agendaIndex: 0,
    text: `${year} жылға арналған іс-шаралар жоспарын бекіту / Утвердить план мероприятий на ${year} год`,
    executorIds: [],
    coExecutorIds: [],
    controllerBodyId: null,
    deadline: null,
  });
  // Late: the executor reports now, after a deadline already behind us.
  const lateDeadline = addDays(meetingDays[0], 30) < today ? addDays(meetingDays[0], 30) : addDays(today, -1);
  const withLate = await addDecision(database, sec, first.id, {
    agendaIndex: 1,
    text: "Объектілердің паспорттарын жаңарту және комиссияға ұсыну / Актуализировать паспорта объектов и представить в комиссию",
    executorIds: c.executor ? [c.executor.body.id] : [responsible(0).id],
    coExecutorIds: [],
    controllerBodyId: null,
    deadline: lateDeadline,
  });
  const firstSigned = await signProtocol(database, sec, first.id, { version: withLate.version });
  const approvalRef = `Хаттама / Протокол №${firstSigned.protocolNumber}, ${meetingDays[0].split("-").reverse().join(".")}`;

  // 2. The plan: measures across R8–R12, quarterly, approved by that protocol.
  const created = await createPlan(database, sec, { bodyId: c.commission.id, year });
  const measures: MeasureBody[] = MEASURES.map((m, i) => ({
    category: m.category,
    subtype: m.subtype,
    title: m.title,
    responsibleBodyId: responsible(i).id,
    coExecutorIds: [responsible(i + 1).id].filter((id) => id !== responsible(i).id),
    partnerIds:
      m.category === "propaganda" || m.category === "educational"
        ? c.partners.slice(0, 2).map((p) => p.id)
        : [],
    deadline: `${year}-12-25`,
    periodicity: "quarterly",
    indicators: { [m.indicator]: m.target },
    goals:
      m.category === "propaganda"
        ? i % 2 === 0
          ? ["explain_danger", "anti_terrorist_consciousness"]
          : ["expose_methods", "shrink_support_base"]
        : [],
  }));
  await addMeasures(database, sec, created.id, measures);
  const filled = await getPlan(database.db, sec.user.actor, created.id);
  const approved = await approvePlan(database, sec, filled.id, {
    version: filled.version,
    decisionRef: approvalRef,
  });
  out.plans++;
  out.measures += approved.measures.length;

  // 3. Execution reports for each quarter so far (the current one as it stands).
  for (let q = 1 as Quarter; q <= currentQ; q = (q + 1) as Quarter) {
    for (const [i, m] of approved.measures.entries()) {
      const outcome = outcomeOf(i, q);
      const target = MEASURES[i].target;
      const share = outcome === "done" ? 1 : outcome === "partial" ? 0.5 : 0;
      await reportMeasure(database, sec, approved.id, m.id, {
        year,
        quarter: q,
        outcome,
        figures: { [MEASURES[i].indicator]: Math.round((target / 4) * share) },
        text:
          outcome === "done"
            ? "Жоспар бойынша орындалды / Выполнено по плану"
            : outcome === "partial"
              ? "Ішінара орындалды, қалғаны келесі тоқсанға / Выполнено частично, остальное перенесено"
              : "Орындалмады: қаржыландыру кешіктірілді / Не выполнено: задержка финансирования",
      });
      out.reports++;
    }
  }

  // 4. Later meetings: decisions overdue (deadline behind us, nothing reported) and, at the last one,
  //    decisions due ahead — one reported and accepted on time, one still open.
  const signedIds: string[] = [firstSigned.id];
  for (const [k, day] of meetingDays.slice(1).entries()) {
    const m = await createMeeting(database, sec, {
      bodyId: c.commission.id,
      heldAt: at10(day),
      place: "Әкімдік ғимараты, мәжіліс залы / Здание акимата, зал заседаний",
      chairName: "Асқар Мұратов (demo)",
      agenda: [
        {
          title: `${k + 1} тоқсандағы жоспардың орындалуы / Исполнение плана за ${k + 1} квартал`,
          speakers: [],
        },
        { title: "Жастар арасындағы профилактика / Профилактика среди молодёжи", speakers: [] },
      ],
    });
    out.meetings++;
    const overdueDeadline = addDays(day, 21) < today ? addDays(day, 21) : addDays(today, -1);
    await addDecision(database, sec, m.id, {
      agendaIndex: 0,
      text: "Орындалмаған іс-шаралар бойынша түсіндірме ұсыну / Представить пояснения по невыполненным мероприятиям",
      executorIds: [responsible(k + 2).id].filter((id) => id !== c.executor?.body.id),
      coExecutorIds: [],
      controllerBodyId: null,
      deadline: overdueDeadline,
    });
    const last = await addDecision(database, sec, m.id, {
      agendaIndex: 1,
      text: "Жоғары оқу орындарында профилактикалық кездесулер өткізу / Провести профилактические встречи в вузах",
      executorIds: [responsible(k + 3).id],
      coExecutorIds: c.partners.slice(0, 1).map((p) => p.id),
      controllerBodyId: null,
      deadline: addDays(today, 20),
    });
    await signProtocol(database, sec, m.id, { version: last.version });
    signedIds.push(m.id);
  }
  // The demo member's late and (if any) on-time work: reported now and accepted by the secretary.
  if (c.executor) {
    const onTime = await createMeeting(database, sec, {
      bodyId: c.commission.id,
      heldAt: at10(addDays(today, -2)),
      place: "Әкімдік ғимараты / Здание акимата (кезектен тыс / внеочередное)",
      chairName: "Асқар Мұратов (demo)",
      agenda: [
        {
          title:
            "Мерекелік іс-шаралар кезіндегі қауіпсіздік / Безопасность при проведении праздничных мероприятий",
          speakers: [],
        },
      ],
    });
    out.meetings++;
    const d = await addDecision(database, sec, onTime.id, {
      agendaIndex: 0,
      text: "Бұқаралық іс-шаралар өтетін орындарды тексеру кестесін бекіту / Утвердить график проверок мест массовых мероприятий",
      executorIds: [c.executor.body.id],
      coExecutorIds: [],
      controllerBodyId: null,
      deadline: addDays(today, 14),
    });
    await signProtocol(database, sec, onTime.id, { version: d.version });
    signedIds.push(onTime.id);
    const mine = await database.db
      .select({ id: assignment.id, version: assignment.version })
      .from(assignment)
      .where(
        and(eq(assignment.executorBodyId, c.executor.body.id), eq(assignment.ownerBodyId, c.commission.id)),
      );
    for (const a of mine) {
      const reported = await actOnAssignment(database, c.executor.ctx, a.id, {
        action: "report",
        version: a.version,
        comment: "Орындалды, актілер қоса беріледі / Исполнено, акты прилагаются",
        figures: { events_held: 3 },
        actNumber: "",
        actDate: null,
        attachments: [],
        newDeadline: null,
      });
      await actOnAssignment(database, sec, a.id, {
        action: "accept",
        version: reported.version,
        comment: "",
        figures: {},
        actNumber: "",
        actDate: null,
        attachments: [],
        newDeadline: null,
      });
    }
  }

  // 5. A meeting planned ahead (no protocol yet).
  await createMeeting(database, sec, {
    bodyId: c.commission.id,
    heldAt: at10(addDays(today, 10)),
    place: "Әкімдік ғимараты, мәжіліс залы / Здание акимата, зал заседаний",
    chairName: "Асқар Мұратов (demo)",
    agenda: [{ title: `${year} жылдың қорытындысы / Итоги ${year} года`, speakers: [] }],
  });
  out.meetings++;

  // 6. Exercises (R10.2, R10.3): one held with findings (one already overdue, one due ahead), one planned.
  const held = await createExercise(database, sec, {
    bodyId: c.commission.id,
    kind: "exercise",
    title:
      "Сауда орталығын басып алу қаупі кезіндегі іс-қимыл / Действия при угрозе захвата торгового центра",
    scenario:
      "Шартты қаупі: ғимаратта күдікті зат табылды / Условная угроза: обнаружен подозрительный предмет",
    place: "«Достық» СОО / ТРЦ «Достық»",
    setting: "work",
    audience: null,
    audienceDetail: "",
    date: addDays(meetingDays[0], 45) < today ? addDays(meetingDays[0], 45) : addDays(today, -1),
    participantBodyIds: c.members.slice(0, 3).map((b) => b.id),
    plannedParticipants: 120,
  });
  await recordExercise(database, sec, held.id, {
    version: held.version,
    status: "held",
    actualParticipants: 104,
    results:
      "Эвакуация 14 минутта өтті (норма 10 минут); байланыс ақаулары анықталды / Эвакуация за 14 минут (норматив 10); выявлены сбои связи",
    findings: [
      {
        text: "Эвакуациялық шығуларды белгілеу / Обозначить эвакуационные выходы",
        executorBodyId: responsible(1).id,
        deadline: addDays(today, -5),
      },
      {
        text: "Күзет пен полиция арасындағы байланыс арнасын тексеру / Проверить канал связи охраны и полиции",
        executorBodyId: responsible(2).id,
        deadline: addDays(today, 25),
      },
    ],
  });
  await createExercise(database, sec, {
    bodyId: c.commission.id,
    kind: "training",
    title:
      "Студенттерге арналған жаттықтыру: күдікті затты тапқанда / Тренинг для студентов: при обнаружении подозрительного предмета",
    scenario: "",
    place: "Әл-Фараби атындағы ҚазҰУ / КазНУ им. аль-Фараби",
    setting: null,
    audience: "age",
    audienceDetail: "Студенттер / Студенты",
    date: addDays(today, 15),
    participantBodyIds: [],
    plannedParticipants: 200,
  });
  out.exercises += 2;
  out.assignments += (
    await database.db
      .select({ id: assignment.id })
      .from(assignment)
      .where(eq(assignment.ownerBodyId, c.commission.id))
  ).length;

  // 7. The services stamped every step with this moment: date the history back to when it happened.
  await dateBackDemoYear(database, c.commission.id, year, now);
}

/**
 * Seed the demo year for `city` and `district` (KATO codes). Skips a commission whose demo accounts or
 * registry are missing; nothing is added when the city commission already has this year's plan.
 */
export async function seedDemoYear(
  database: Database,
  opts: { city: string; district: string },
  now = new Date(),
): Promise<DemoYearResult> {
  const out: DemoYearResult = {
    plans: 0,
    measures: 0,
    reports: 0,
    meetings: 0,
    assignments: 0,
    exercises: 0,
  };
  const today = almatyDate(now);
  const year = Number(today.slice(0, 4));
  const units = [
    await commissionOf(database, opts.city, "secretary", "member", "member_body"),
    await commissionOf(database, opts.district, "district", "district-member", "akimat"),
  ];
  if (!units[0]) return out;
  const [existing] = await database.db
    .select({ id: plan.id })
    .from(plan)
    .where(and(eq(plan.bodyId, units[0].commission.id), eq(plan.year, year)));
  if (existing) return out;
  for (const c of units) if (c) await seedCommissionYear(database, c, year, now, out);
  return out;
}
