/**
 * Demo vulnerable objects (synthetic names, real territories and institutions): objects of the demo
 * organisations in Almaty city with passports in several states (agreed, submitted, returned, draft,
 * none), an inspection whose finding is an order under control, and a target programme. Idempotent:
 * nothing is added when objects exist. Needs the demo registry and accounts.
 */
import { count, eq } from "drizzle-orm";
import type { PassportSections } from "../../../domain/contracts/vulnerable-objects";
import { addDays, almatyDate } from "../../../domain/prevention";
import { buildSearchText } from "../../../domain/search";
import { addYears, type EquipmentKind } from "../../../domain/vulnerable-objects";
import { type RequestContext, systemContext } from "../../platform/context";
import type { Database } from "../../platform/db";
import { userIdByName } from "../auth";
import { createControlledAssignments } from "../prevention";
import { activeBodiesWithin, findBody, territoryByCode } from "../registry";
import { touchObjects } from "./cache-until-objects-change";
import { defaultVulnerableObjectsConfig, type VulnerableObjectsConfig } from "./objects.config";
import { defaultPoliceFor } from "./objects.service";
import { syncPassportCopy } from "./passport-copy";
import {
  objectInspection,
  objectPassport,
  objectPassportEvent,
  objectProgramme,
  objectProgrammeItem,
  vulnerableObject,
} from "./vulnerable-objects.tables";

const KINDS: [string, string, string, string][] = [
  [
    "mass_gathering",
    "«Достық» сауда-ойын-сауық орталығы",
    "Торгово-развлекательный центр «Достық»",
    "Сауда / Торговля",
  ],
  ["mass_gathering", "Орталық стадион", "Центральный стадион", "Спорт"],
  ["strategic_sector", "№2 жылу электр орталығы", "ТЭЦ-2", "Энергетика"],
  ["hazardous_production", "Газ толтыру станциясы", "Газонаполнительная станция", "Энергетика"],
  ["mass_gathering", "№15 мектеп-гимназиясы", "Школа-гимназия №15", "Білім беру / Образование"],
  ["other", "«Самал» бизнес орталығы", "Бизнес-центр «Самал»", "Кәсіпкерлік / Предпринимательство"],
];

/** The kind of organisation (its Kazakh name's ending in the demo registry) that owns each of KINDS. */
const OWNER_KIND: (string | undefined)[] = [
  undefined,
  undefined,
  "жылу электр орталығы",
  "жылу электр орталығы",
  "мектеп-гимназиясы",
  "бизнес орталығы",
];

const full = (present: EquipmentKind[]): PassportSections => ({
  general: {
    description: "Көпқабатты ғимарат / Многоэтажное здание (demo)",
    workingHours: "09:00–22:00",
    area: "12 000 м²",
  },
  people: { staff: 120, visitorsPerDay: 3500, maxSimultaneous: 1200 },
  criticalZones: [{ name: "Серверлік / Серверная", description: "" }],
  guard: {
    organisation: "«Қалқан» күзет агенттігі (demo)",
    posts: 4,
    accessRegime: "Пропускной режим (demo)",
  },
  engineering: Object.fromEntries(present.map((k) => [k, { present: true, count: 1, note: "" }])),
  evacuation: { exits: 6, plan: "Схема эвакуации (demo)", assemblyPoint: "Парковка / Автотұрақ" },
  contacts: [{ role: "Жауапты / Ответственный", name: "Марат Есенов (demo)", phone: "+7 727 300 10 00" }],
});

export async function seedDemoObjects(
  database: Database,
  opts: { city: string; cfg?: VulnerableObjectsConfig },
): Promise<number> {
  const cfg = opts.cfg ?? defaultVulnerableObjectsConfig;
  const db = database.db;
  const [{ n }] = await db.select({ n: count() }).from(vulnerableObject);
  if (Number(n) > 0) return 0;
  const uid = await userIdByName(db, "secretary");
  const city = await territoryByCode(db, opts.city);
  const commission = city && (await findBody(db, "commission", city.code));
  if (!uid || !city || !commission) return 0;
  const orgs = (await activeBodiesWithin(db, [city.path], ["organisation"])).filter(
    (b) => b.territoryCode === city.code,
  );
  if (orgs.length < 3) return 0;
  // The demo reporter's organisation is the first by name in the city (demo-accounts.ts): it owns two.
  const owners = orgs;
  const ctx: Required<RequestContext> = {
    ...systemContext("seed"),
    user: { id: uid, username: "seed", displayName: "seed", actor: { userId: uid, grants: [] } },
  };
  const police = await defaultPoliceFor(db, city.path, cfg);
  const today = almatyDate(new Date());
  return db.transaction(async (tx) => {
    const made = [];
    for (const [i, [category, kk, ru, sector]] of KINDS.entries()) {
      // The rest go to an organisation of a fitting kind when the demo registry has one (a school's
      // object to a school), so that no school owns a power plant.
      const kind = OWNER_KIND[i];
      const fitting = kind ? owners.slice(1).find((b) => b.nameKk.endsWith(kind)) : undefined;
      const owner = i < 2 ? owners[0] : (fitting ?? owners[i % owners.length]);
      const [o] = await tx
        .insert(vulnerableObject)
        .values({
          nameKk: kk,
          nameRu: ru,
          ownerBodyId: owner.id,
          territoryCode: city.code,
          territoryPath: city.path,
          address: `Алматы, ${["Абай", "Достық", "Сейфуллин", "Төле би", "Райымбек", "Әл-Фараби"][i]} даңғ., ${10 + i * 7}`,
          lat: 43.238 + (i - 3) * 0.012,
          lon: 76.889 + (i - 3) * 0.018,
          category,
          sector,
          attendance: 500 + i * 700,
          staff: 40 + i * 25,
          responsibleName: `${
            [
              "Айбек Абенов",
              "Дана Бекова",
              "Ерлан Ғалиев",
              "Жанар Дүйсенова",
              "Қанат Есенов",
              "Назым Ибраева",
            ][i]
          } (demo)`,
          responsiblePhone: `+7 727 300 2${i} 00`,
          policeBodyId: police,
          listed: i < 5,
          searchText: buildSearchText([kk, ru, owner.bin]),
          createdBy: uid,
        })
        .returning();
      made.push(o);
    }
    await touchObjects(tx);
    // Passports: agreed (valid), submitted, returned, draft; the last object has none.
    const states: [string, EquipmentKind[]][] = [
      ["agreed", ["video_surveillance", "alarm", "communications"]],
      ["submitted", ["video_surveillance", "alarm"]],
      ["returned", ["video_surveillance", "alarm", "access_control", "lighting"]],
      ["agreed", ["video_surveillance", "alarm", "access_control"]],
      ["draft", ["video_surveillance"]],
    ];
    for (const [i, [status, present]] of states.entries()) {
      const o = made[i];
      const [p] = await tx
        .insert(objectPassport)
        .values({
          objectId: o.id,
          number: 1,
          status,
          sections: full(present),
          category: status === "draft" ? null : o.category,
          submittedAt: status === "draft" ? null : new Date(),
          decidedAt: status === "agreed" || status === "returned" ? new Date() : null,
          remarks:
            status === "returned"
              ? "Бейнебақылау камераларының орналасу сызбасы жоқ / Нет схемы размещения камер"
              : "",
          validUntil: status === "agreed" ? addYears(today, 3) : null,
        })
        .returning();
      await tx.insert(objectPassportEvent).values({ passportId: p.id, action: "save", actorName: "seed" });
      await syncPassportCopy(tx, o.id, cfg);
    }
    // An inspection by the police of the third object, its finding an order under control.
    const [insp] = await tx
      .insert(objectInspection)
      .values({
        objectId: made[2].id,
        territoryPath: city.path,
        kind: "planned",
        inspectorKind: police ? "police" : "commission",
        inspectorBodyId: police ?? commission.id,
        date: today,
        summary: "Жоспарлы тексеру / Плановая проверка (demo)",
        createdBy: uid,
      })
      .returning();
    const deadline = addDays(today, 20);
    const [order] = await createControlledAssignments(tx, ctx, [
      {
        source: "inspection",
        sourceId: insp.id,
        number: "ТП-1/1",
        title: `${made[2].nameKk}: периметрді жарықтандыру / освещение периметра`,
        ownerBodyId: commission.id,
        territoryPath: commission.territoryPath,
        executorBodyId: made[2].ownerBodyId,
        controllerBodyId: police ?? commission.id,
        deadline,
      },
    ]);
    await tx
      .update(objectInspection)
      .set({
        findings: [
          { text: "Периметрді жарықтандыру / Освещение периметра", deadline, assignmentId: order.id },
        ],
      })
      .where(eq(objectInspection.id, insp.id));
    // A target programme (R10.5) of the city's commission.
    const [prog] = await tx
      .insert(objectProgramme)
      .values({
        ownerBodyId: commission.id,
        territoryCode: city.code,
        territoryPath: city.path,
        year: Number(today.slice(0, 4)),
        title:
          "Осал объектілерді техникалық қорғау құралдарымен жарақтандыру / Оснащение уязвимых объектов (demo)",
        budget: 150_000_000,
      })
      .returning();
    await tx.insert(objectProgrammeItem).values([
      {
        programmeId: prog.id,
        objectId: made[1].id,
        territoryPath: city.path,
        equipment: "communications",
        planned: 12_000_000,
      },
      {
        programmeId: prog.id,
        objectId: made[2].id,
        territoryPath: city.path,
        equipment: "lighting",
        planned: 30_000_000,
        spent: 28_500_000,
        done: true,
        doneAt: new Date(),
      },
      {
        programmeId: prog.id,
        objectId: made[4].id,
        territoryPath: city.path,
        equipment: "alarm",
        planned: 8_000_000,
      },
    ]);
    return made.length;
  });
}
