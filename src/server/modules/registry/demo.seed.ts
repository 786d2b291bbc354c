/**
 * Demo registry: central state bodies (real names of public institutions) and their
 * territorial subdivisions, synthetic organisations with valid BINs, partner institutions (R13),
 * response forces of every R22/R23 type and commission memberships (R5). The demo accounts are made by
 * the entry's seed (src/server/seed) through the auth module, in bodies found by `demoBodyFor`.
 * Every person, phone and e-mail here is invented. Deterministic (seeded PRNG), idempotent.
 */
import { and, count, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { partnerTypes, responseForceTypes } from "../../../domain/bodies";
import { buildSearchText } from "../../../domain/search";
import { systemContext } from "../../platform/context";
import type { Database, DbOrTx } from "../../platform/db";
import { writeAudit } from "../audit";
import { CENTRAL, FIRST, LAST, makeBin, ORG_TYPES, ORG_WORDS, prng, TERRITORIAL } from "./demo.data";
import { findBody } from "./registry.seed";
import { body, membership, territory } from "./registry.tables";

type NewBody = typeof body.$inferInsert;

const mk = (
  kind: string,
  subtype: string | null,
  kk: string,
  ru: string,
  en: string,
  territoryCode: string,
  extra: Partial<NewBody> = {},
): NewBody => ({
  kind,
  subtype,
  nameKk: kk,
  nameRu: ru,
  nameEn: en,
  territoryCode,
  searchText: buildSearchText([kk, ru, en, extra.bin ?? null]),
  ...extra,
});

export type DemoRegistryResult = {
  stateBodies: number;
  organisations: number;
  partners: number;
  forces: number;
  memberships: number;
};

/** `city`: the KATO code most demo organisations and partners are placed in (Almaty city). */
export async function seedDemoRegistry(
  database: Database,
  opts: { city: string; organisations?: number },
): Promise<DemoRegistryResult> {
  const DEMO_CITY = opts.city;
  const rand = prng(1404);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const person = () => `${pick(FIRST)} ${pick(LAST)} (demo)`;
  const orgTarget = opts.organisations ?? 300;

  return database.db.transaction(async (tx) => {
    const [{ n: already }] = await tx.select({ n: count() }).from(body).where(eq(body.kind, "state_body"));
    const out: DemoRegistryResult = {
      stateBodies: 0,
      organisations: 0,
      partners: 0,
      forces: 0,
      memberships: 0,
    };
    if (Number(already) > 0) return out;

    const tops = await tx
      .select()
      .from(territory)
      .where(inArray(territory.type, ["region", "city_republican"]))
      .orderBy(territory.code);
    const seconds = await tx
      .select()
      .from(territory)
      .where(inArray(territory.type, ["district", "city_regional", "city_district"]))
      .orderBy(territory.code);

    // Central state bodies and their subdivisions in every region (R4).
    const central = await tx
      .insert(body)
      .values(CENTRAL.map(([, kk, ru, en]) => mk("state_body", "central", kk, ru, en, "KZ")))
      .returning();
    const centralByKey = new Map(CENTRAL.map(([k], i) => [k, central[i]]));
    const subdivisions: NewBody[] = [];
    for (const t of tops) {
      for (const d of TERRITORIAL) {
        subdivisions.push(
          mk("state_body", "territorial", d.kk(t.nameKk), d.ru(t.nameRu), d.en(t.nameEn), t.code, {
            parentId: centralByKey.get(d.parent)!.id,
            competence: d.parent === "mchs" ? "R20–R23" : "R4, R14–R19",
          }),
        );
      }
    }
    const subs = await tx.insert(body).values(subdivisions).returning();
    out.stateBodies = central.length + subs.length;

    // Organisations (R16): synthetic, valid BINs, most in the demo city.
    const orgs: NewBody[] = [];
    const bins = new Set<string>();
    for (let i = 0; i < orgTarget; i++) {
      const where = i < orgTarget / 3 ? DEMO_CITY : pick(rand() < 0.5 ? tops : seconds).code;
      const [kk, ru, en] = pick(ORG_TYPES);
      const word = pick(ORG_WORDS);
      const n = 1 + Math.floor(rand() * 150);
      let bin = makeBin(rand);
      while (bins.has(bin)) bin = makeBin(rand);
      bins.add(bin);
      orgs.push(
        mk(
          "organisation",
          null,
          `№${n} «${word}» ${kk}`,
          `${ru} «${word}» №${n}`,
          `${word} ${en} No. ${n}`,
          where,
          {
            bin,
            phone: `+7 727 ${String(200 + i).padStart(3, "0")} ${String(10 + (i % 90)).padStart(2, "0")} 00`,
          },
        ),
      );
    }
    for (let i = 0; i < orgs.length; i += 1000) {
      out.organisations += (
        await tx
          .insert(body)
          .values(orgs.slice(i, i + 1000))
          .returning({ id: body.id })
      ).length;
    }

    // Partner institutions of civil society (R13).
    const partners: NewBody[] = [];
    for (let i = 0; i < 24; i++) {
      const type = partnerTypes[i % partnerTypes.length];
      const t = i < 8 ? DEMO_CITY : pick(tops).code;
      const word = pick(ORG_WORDS);
      const label: Record<string, [string, string, string]> = {
        public_association: [
          `«${word}» қоғамдық бірлестігі`,
          `Общественное объединение «${word}»`,
          `${word} public association`,
        ],
        religious_association: [
          `«${word}» діни бірлестігі`,
          `Религиозное объединение «${word}»`,
          `${word} religious association`,
        ],
        media: [`«${word} Ақпарат» БАҚ`, `СМИ «${word} Информ»`, `${word} Inform media outlet`],
        legal_entity: [`«${word} Сервис» ЖШС`, `ТОО «${word} Сервис»`, `${word} Service LLP`],
        other_civil: [
          `«${word}» бастамашыл тобы`,
          `Инициативная группа «${word}»`,
          `${word} civic initiative`,
        ],
      };
      const [kk, ru, en] = label[type];
      partners.push(mk("partner", type, `${kk} ${i + 1}`, `${ru} ${i + 1}`, `${en} ${i + 1}`, t));
    }
    out.partners = (await tx.insert(body).values(partners).returning({ id: body.id })).length;

    // Response forces of every R22/R23 type, in the demo city and in each region.
    const forces: NewBody[] = [];
    const forceName: Record<string, [string, string, string]> = {
      state_fire: [
        "мемлекеттік өртке қарсы қызмет бөлімі",
        "подразделение государственной противопожарной службы",
        "state fire-fighting unit",
      ],
      nonstate_fire: [
        "мемлекеттік емес өртке қарсы қызмет",
        "негосударственная противопожарная служба",
        "non-state fire-fighting service",
      ],
      specialised_fire: [
        "мамандандырылған өрт сөндіру бөлімі",
        "специализированная пожарная часть",
        "specialised fire-fighting unit",
      ],
      mes_rescue: ["жедел-құтқару жасағы", "оперативно-спасательный отряд", "operational rescue unit"],
      volunteer_rescue: [
        "ерікті құтқару құралымы",
        "добровольное спасательное формирование",
        "volunteer rescue formation",
      ],
      air_transport: ["әуе көлігі бөлімшесі", "подразделение воздушного транспорта", "air transport unit"],
      water_transport: ["су көлігі бөлімшесі", "подразделение водного транспорта", "water transport unit"],
      rail_transport: [
        "темір жол көлігі бөлімшесі",
        "подразделение железнодорожного транспорта",
        "rail transport unit",
      ],
      akimat_rapid_response: [
        "әкімдіктің жедел ден қою тобы",
        "группа быстрого реагирования акимата",
        "akimat rapid-response team",
      ],
      communal_emergency: [
        "коммуналдық қызметтердің апаттық-техникалық бригадасы",
        "аварийно-техническая бригада коммунальных служб",
        "communal emergency-technical team",
      ],
      emergency_medical: [
        "жедел медициналық жәрдем бригадасы",
        "бригада экстренной медицинской помощи",
        "emergency medical team",
      ],
      sanitary_toxicological: [
        "мамандандырылған санитариялық-токсикологиялық бригада",
        "специализированная санитарно-токсикологическая бригада",
        "sanitary-toxicological team",
      ],
      toxicological_therapeutic: [
        "токсикологиялық-терапиялық бригада",
        "токсико-терапевтическая бригада",
        "toxicological-therapeutic team",
      ],
      toxicology_department: [
        "денсаулық сақтау ұйымының токсикология бөлімшесі",
        "токсикологическое отделение организации здравоохранения",
        "toxicology department of a health organisation",
      ],
    };
    const forceTerritories = [
      tops.find((t) => t.code === DEMO_CITY)!,
      ...tops.filter((t) => t.code !== DEMO_CITY),
    ];
    forceTerritories.forEach((t, ti) => {
      const types = ti === 0 ? responseForceTypes : responseForceTypes.filter((_, i) => (i + ti) % 3 === 0);
      for (const type of types) {
        const [kk, ru, en] = forceName[type];
        forces.push(
          mk(
            "response_force",
            type,
            `${t.nameKk}: ${kk}`,
            `${ru} (${t.nameRu})`,
            `${en} (${t.nameEn})`,
            t.code,
            {
              capacity: 5 + Math.floor(rand() * 60),
              readiness: rand() < 0.8 ? "ready" : "limited",
            },
          ),
        );
      }
    });
    out.forces = (await tx.insert(body).values(forces).returning({ id: body.id })).length;

    // Commission membership (R5) for regions and cities of republican significance: the akim chairs,
    // the police and NSC departments deputise; the akimat's staff runs the secretariat.
    const memberships: (typeof membership.$inferInsert)[] = [];
    for (const t of tops) {
      const commission = await findBody(tx, "commission", t.code);
      const akimat = await findBody(tx, "akimat", t.code);
      const hq = await findBody(tx, "hq", t.code);
      const local = subs.filter((s) => s.territoryCode === t.code);
      if (!commission || !akimat) continue;
      const phone = () =>
        `+7 70${Math.floor(rand() * 10)} ${String(Math.floor(rand() * 1000)).padStart(3, "0")} 00 ${String(Math.floor(rand() * 100)).padStart(2, "0")}`;
      memberships.push({
        groupId: commission.id,
        memberBodyId: akimat.id,
        role: "chair",
        representativeName: person(),
        representativePosition: "Әкім / Аким",
        contactPhone: phone(),
        contactEmail: "akim.demo@example.kz",
      });
      local.forEach((s, i) => {
        memberships.push({
          groupId: commission.id,
          memberBodyId: s.id,
          role: i < 2 ? "deputy" : "member",
          representativeName: person(),
          representativePosition: "Департамент бастығы / Начальник департамента",
          contactPhone: phone(),
          contactEmail: "",
        });
      });
      if (hq) {
        for (const s of local) {
          memberships.push({
            groupId: hq.id,
            memberBodyId: s.id,
            role: "member",
            representativeName: person(),
            representativePosition: "Орынбасар / Заместитель",
            contactPhone: phone(),
            contactEmail: "",
          });
        }
      }
    }
    // Districts and cities of regional significance: the akim chairs the commission too (its akimat
    // is the member body decisions are usually addressed to).
    const topCodes = new Set(tops.map((t) => t.code));
    const akimatOf = alias(body, "akimat");
    const districts = await tx
      .select({ commission: body.id, akimat: akimatOf.id, code: body.territoryCode })
      .from(body)
      .innerJoin(akimatOf, and(eq(akimatOf.kind, "akimat"), eq(akimatOf.territoryCode, body.territoryCode)))
      .where(eq(body.kind, "commission"))
      .orderBy(body.territoryCode);
    for (const d of districts) {
      if (topCodes.has(d.code)) continue;
      memberships.push({
        groupId: d.commission,
        memberBodyId: d.akimat,
        role: "chair",
        representativeName: person(),
        representativePosition: "Әкім / Аким",
        contactPhone: "",
        contactEmail: "",
      });
    }
    out.memberships = (
      await tx.insert(membership).values(memberships).returning({ id: membership.id })
    ).length;

    await writeAudit(tx, systemContext("seed"), {
      action: "system.seeded",
      entityType: "registry",
      after: { ...out },
    });
    return out;
  });
}

/** Which body a demo account is held in (see src/server/seed/demo-accounts.ts). */
export type DemoBodySpec =
  | { kind: "atc" }
  | { kind: "commission" | "hq" | "akimat"; territory: string }
  | { kind: "hq"; level: "republican" }
  | { kind: "organisation" | "response_force"; territory: string }
  /** A member body of the territory's commission (R5): its deputy chair's body, e.g. the police department. */
  | { kind: "member_body"; territory: string };

/** The body a demo account is held in, or undefined before the registry is seeded. */
export async function demoBodyFor(db: DbOrTx, spec: DemoBodySpec): Promise<{ id: string } | undefined> {
  if (spec.kind === "atc") return findBody(db, "atc", "KZ");
  if ("level" in spec) return findBody(db, "hq", "KZ", "republican");
  if (spec.kind === "member_body") {
    const commission = await findBody(db, "commission", spec.territory);
    if (!commission) return undefined;
    const [m] = await db
      .select({ b: body })
      .from(membership)
      .innerJoin(body, eq(body.id, membership.memberBodyId))
      .where(and(eq(membership.groupId, commission.id), eq(membership.role, "deputy")))
      .orderBy(body.nameKk)
      .limit(1);
    return m?.b;
  }
  if (spec.kind === "organisation" || spec.kind === "response_force") {
    const [b] = await db
      .select()
      .from(body)
      .where(and(eq(body.kind, spec.kind), eq(body.territoryCode, spec.territory)))
      .orderBy(body.nameKk)
      .limit(1);
    return b;
  }
  return findBody(db, spec.kind, spec.territory);
}
