/**
 * Demo: a synthetic incident in the demo city and the people affected by it — invented names, IINs made
 * with a valid check digit from invented dates of birth; real territories and the demo registry's
 * bodies. Recorded through the module's own services (encrypted, audited) by the demo's victim-support
 * officer, so the demo looks like real use: statuses, help, rehabilitation, a compensation paid, one
 * person reported missing and found in hospital (a proposed match to review).
 */
import { eq } from "drizzle-orm";
import { completeIinBin } from "../../../domain/identifiers";
import type { RequestContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { fileDemoIncident } from "../incidents";
import { activeBodiesAt, activeBodiesWithin, hqsAt, territoryByCode } from "../registry";
import { affectedPerson } from "./affected-people.tables";
import type { PersonalDataSettings } from "./personal-data.settings";
import { addEntry, registerPerson } from "./persons.service";

type Ctx = Required<RequestContext>;

/** A valid IIN for a date of birth (YYYY-MM-DD), sex and serial: the next serial when none has a check digit. */
export function demoIin(birthDate: string, sex: "male" | "female", serial: number): string {
  const [y, m, d] = birthDate.split("-");
  const century = Math.floor(Number(y) / 100);
  const s = (century === 18 ? 1 : century === 19 ? 3 : 5) + (sex === "female" ? 1 : 0);
  for (let n = serial; ; n++) {
    const iin = completeIinBin(`${y.slice(2)}${m}${d}${s}${String(n % 10_000).padStart(4, "0")}`);
    if (iin) return iin;
  }
}

type DemoPerson = {
  surname: string;
  givenName: string;
  patronymic: string;
  birthDate: string;
  sex: "male" | "female";
  role: "victim" | "suppression_participant";
  withIin: boolean;
  status: "injured" | "hospitalised" | "missing" | "evacuated" | "unharmed" | "deceased";
  severity?: "light" | "moderate" | "severe" | "critical";
};

const PEOPLE: DemoPerson[] = [
  {
    surname: "Сейітқали",
    givenName: "Арман",
    patronymic: "Болатұлы",
    birthDate: "1987-04-12",
    sex: "male",
    role: "victim",
    withIin: true,
    status: "hospitalised",
    severity: "severe",
  },
  {
    surname: "Жақыпова",
    givenName: "Мөлдір",
    patronymic: "Ерланқызы",
    birthDate: "1995-09-03",
    sex: "female",
    role: "victim",
    withIin: true,
    status: "injured",
    severity: "light",
  },
  {
    surname: "Тоқтаров",
    givenName: "Ержан",
    patronymic: "Маратұлы",
    birthDate: "1979-01-28",
    sex: "male",
    role: "suppression_participant",
    withIin: true,
    status: "hospitalised",
    severity: "moderate",
  },
  {
    surname: "Кенжеғалиева",
    givenName: "Әсем",
    patronymic: "Нұрланқызы",
    birthDate: "2001-06-17",
    sex: "female",
    role: "victim",
    withIin: true,
    status: "evacuated",
  },
  {
    surname: "Омарбеков",
    givenName: "Дархан",
    patronymic: "Серікұлы",
    birthDate: "1968-11-05",
    sex: "male",
    role: "victim",
    withIin: true,
    status: "unharmed",
  },
  {
    surname: "Байжанова",
    givenName: "Гүлжан",
    patronymic: "Асқарқызы",
    birthDate: "1990-02-21",
    sex: "female",
    role: "victim",
    withIin: true,
    status: "injured",
    severity: "moderate",
  },
  {
    surname: "Нұрмағанбетов",
    givenName: "Ілияс",
    patronymic: "Ғаниұлы",
    birthDate: "2010-08-30",
    sex: "male",
    role: "victim",
    withIin: false,
    status: "missing",
  },
  {
    surname: "Әбдірахманов",
    givenName: "Санжар",
    patronymic: "Қайратұлы",
    birthDate: "1985-03-14",
    sex: "male",
    role: "suppression_participant",
    withIin: true,
    status: "injured",
    severity: "critical",
  },
];

/** Seed the demo's affected people once (a second call finds the demo incident's people and stops). */
export async function seedDemoAffectedPeople(
  database: Database,
  pd: PersonalDataSettings,
  opts: { city: string; reporterUsername: string; officerUsername: string },
): Promise<number> {
  const db = database.db;
  const [reporterId, officerId, city] = await Promise.all([
    userIdByName(db, opts.reporterUsername),
    userIdByName(db, opts.officerUsername),
    territoryByCode(db, opts.city),
  ]);
  if (!reporterId || !officerId || !city) return 0;
  const hq = (await hqsAt(db, [opts.city])).find((h) => h.territoryCode === opts.city);
  const [commission] = await activeBodiesAt(db, city.path, ["commission"]);
  const [akimat] = await activeBodiesAt(db, city.path, ["akimat"]);
  const orgs = await activeBodiesWithin(db, [city.path], ["organisation"]);
  const forces = await activeBodiesWithin(db, [city.path], ["response_force"]);
  const hospital = orgs.find((o) => o.nameRu.includes("больница"));
  const ambulance = forces.find((f) => f.subtype === "emergency_medical");
  const toxicology = forces.find((f) => f.subtype === "toxicology_department");
  if (!hq || !commission || !akimat || !hospital || !ambulance) return 0;

  const ctxOf = (
    id: string,
    username: string,
    role: "hq_officer" | "victim_support_officer",
    bodyId: string,
  ) =>
    ({
      requestId: "seed",
      ip: "",
      locale: "kk",
      user: {
        id,
        username,
        displayName: username,
        actor: { userId: id, grants: [{ role, bodyId, territoryPath: city.path }] },
      },
    }) satisfies Ctx;
  const reporter = ctxOf(reporterId, opts.reporterUsername, "hq_officer", hq.id);
  const officer = ctxOf(officerId, opts.officerUsername, "victim_support_officer", commission.id);

  const occurredAt = new Date(Date.now() - 3 * 86_400_000);
  const incidentId = await fileDemoIncident(database, reporter, "demo-affected-people-incident", {
    type: "explosion",
    occurredAt: occurredAt.toISOString(),
    territoryCode: opts.city,
    offshore: false,
    address: "Алматы қ., Абай даңғылы (демо)",
    description:
      "Демо: сауда орталығының кіреберісінде жарылыс, зардап шеккендер бар (ойдан шығарылған оқиға).",
    casualties: PEOPLE.length,
    reporterContact: "",
  });
  const [seeded] = await db
    .select({ id: affectedPerson.id })
    .from(affectedPerson)
    .where(eq(affectedPerson.incidentId, incidentId))
    .limit(1);
  if (seeded) return 0;
  const deps = { database, pd };
  const at = (hours: number) => new Date(occurredAt.getTime() + hours * 3_600_000).toISOString();
  let made = 0;
  for (const [i, p] of PEOPLE.entries()) {
    const res = await registerPerson(deps, officer, incidentId, {
      role: p.role,
      iin: p.withIin ? demoIin(p.birthDate, p.sex, 4100 + i * 37) : undefined,
      surname: p.surname,
      givenName: p.givenName,
      patronymic: p.patronymic,
      birthDate: p.birthDate,
      phone: p.withIin
        ? `+7 701 555 ${String(10 + i).padStart(2, "0")} ${String(40 + i).padStart(2, "0")}`
        : "",
      address: "",
      status: {
        status: p.status,
        severity: p.severity,
        hospitalBodyId:
          p.status === "hospitalised" ? (i === 2 && toxicology ? toxicology.id : hospital.id) : undefined,
        at: at(1),
        bodyId: p.status === "hospitalised" || p.status === "injured" ? ambulance.id : hq.id,
        details: p.severity ? "Демо: жарақат сипаттамасы (ойдан шығарылған)." : "",
      },
    });
    made++;
    const id = res.person.id;
    if (p.status === "hospitalised" || p.status === "injured") {
      await addEntry(deps, officer, id, {
        kind: "help",
        helpType: "emergency_medical",
        at: at(1.5),
        bodyId: ambulance.id,
        details: "",
      });
      await addEntry(deps, officer, id, {
        kind: "help",
        helpType: "medical_psychological",
        at: at(30),
        bodyId: hospital.id,
        details: "",
      });
    }
    if (i === 0) {
      await addEntry(deps, officer, id, {
        kind: "help",
        helpType: "legal",
        at: at(48),
        bodyId: akimat.id,
        details: "",
      });
      await addEntry(deps, officer, id, {
        kind: "help",
        helpType: "social",
        at: at(50),
        bodyId: akimat.id,
        details: "",
      });
      await addEntry(deps, officer, id, {
        kind: "rehabilitation",
        stage: "planned",
        at: at(60),
        bodyId: akimat.id,
        details: "Демо: әлеуметтік оңалту жоспары.",
      });
      const comp = {
        kind: "compensation" as const,
        harm: "material" as const,
        bodyId: akimat.id,
        details: "",
      };
      await addEntry(deps, officer, id, {
        ...comp,
        stage: "claim",
        amount: 1_500_000,
        reference: "Өтініш № Д-1",
        at: at(52),
      });
      await addEntry(deps, officer, id, {
        ...comp,
        stage: "decision",
        outcome: "granted",
        amount: 1_200_000,
        reference: "Шешім № Д-7",
        at: at(62),
      });
      await addEntry(deps, officer, id, {
        ...comp,
        stage: "paid",
        amount: 1_200_000,
        reference: "Төлем тапсырмасы № Д-19",
        at: at(70),
      });
    }
  }
  // The boy reported missing is found in hospital, registered there without his IIN: a match to review.
  const missing = PEOPLE.find((p) => p.status === "missing")!;
  await registerPerson(deps, officer, incidentId, {
    role: "victim",
    surname: missing.surname,
    givenName: missing.givenName,
    patronymic: "",
    birthDate: missing.birthDate,
    phone: "",
    address: "",
    status: {
      status: "hospitalised",
      severity: "moderate",
      hospitalBodyId: hospital.id,
      at: at(20),
      bodyId: hospital.id,
      details: "",
    },
  });
  return made + 1;
}
