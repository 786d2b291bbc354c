/**
 * `qorgan seed --scale national`: a synthetic national set of vulnerable objects for the benchmarks
 * (bench/objects.ts) — `count` objects (50,000 by default) spread over every district and city with a
 * commission, owned by its akimat (a real kind of public owner; the names of the objects are invented),
 * each with a point near its region's centre, a category of the catalogue and a passport in one of the
 * workflow's states (most agreed, some due or expired, some drafts, a few none), the object's copy of
 * it (status, term, gaps) computed by the same rule as in use. Inserted in batches of 1,000 rows, one
 * transaction per 10,000 objects; idempotent up to `count` (synthetic objects carry the sector
 * "synthetic"). Deterministic: the same count gives the same set.
 */
import { count, eq, sql } from "drizzle-orm";
import type { PassportSections } from "../../../domain/contracts/vulnerable-objects";
import { addDays, almatyDate } from "../../../domain/prevention";
import { buildSearchText } from "../../../domain/search";
import {
  categoryOf,
  type EquipmentKind,
  equipmentGaps,
  equipmentKinds,
} from "../../../domain/vulnerable-objects";
import type { Database } from "../../platform/db";
import { rowsOf } from "../../platform/sql";
import { loadGeo } from "../registry";
import { touchObjects } from "./cache-until-objects-change";
import { defaultVulnerableObjectsConfig, type VulnerableObjectsConfig } from "./objects.config";
import { objectPassport, vulnerableObject } from "./vulnerable-objects.tables";

export const SYNTHETIC_SECTOR = "synthetic";

const KINDS: [string, string, string][] = [
  ["mass_gathering", "сауда орталығы", "Торговый центр"],
  ["mass_gathering", "стадион", "Стадион"],
  ["mass_gathering", "мектеп", "Школа"],
  ["mass_gathering", "аурухана", "Больница"],
  ["mass_gathering", "вокзал", "Вокзал"],
  ["strategic_sector", "жылу электр орталығы", "ТЭЦ"],
  ["strategic_sector", "су тазарту станциясы", "Водоочистная станция"],
  ["hazardous_production", "газ толтыру станциясы", "Газонаполнительная станция"],
  ["hazardous_production", "мұнай базасы", "Нефтебаза"],
  ["strategic", "әуежай", "Аэропорт"],
  ["guarded", "әкімшілік ғимараты", "Административное здание"],
  ["state_special", "байланыс торабы", "Узел связи"],
  ["other", "бизнес орталығы", "Бизнес-центр"],
];
const WORDS = [
  "Достық",
  "Арман",
  "Самал",
  "Алтын",
  "Нұр",
  "Береке",
  "Жұлдыз",
  "Бәйтерек",
  "Орда",
  "Шапағат",
  "Ақжол",
  "Тұран",
  "Сарыарқа",
  "Көктем",
  "Мерей",
  "Шұғыла",
];
const STREETS = ["Абай", "Достық", "Төле би", "Республика", "Тәуелсіздік", "Бейбітшілік", "Жібек жолы"];

/** A small deterministic generator (mulberry32): the same seed gives the same set. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Region code (first two digits of KATO) → [lon, lat] of its regional centre (the registry's shipped points). */
function regionCentres(): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const f of loadGeo("centres").features)
    if (f.geometry.type === "Point")
      out.set(f.properties.kato.slice(0, 2), f.geometry.coordinates as [number, number]);
  return out;
}

/** Inside the country's box (a point of a northern region jittered north would leave it). */
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

const sections = (present: readonly EquipmentKind[], i: number): PassportSections => ({
  general: {
    description: `Синтетикалық объект / Синтетический объект ${i}`,
    workingHours: "09:00–21:00",
    area: "",
  },
  people: { staff: 20 + (i % 200), visitorsPerDay: (i % 50) * 100, maxSimultaneous: (i % 30) * 50 },
  criticalZones: [{ name: "Щитовая / Қалқан бөлмесі", description: "" }],
  guard: { organisation: "", posts: 1 + (i % 4), accessRegime: "" },
  engineering: Object.fromEntries(present.map((k) => [k, { present: true, note: "" }])),
  evacuation: { exits: 2 + (i % 6), plan: "", assemblyPoint: "" },
  contacts: [],
});

export type NationalObjectsResult = { objects: number; passports: number; ms: number };

export async function seedNationalObjects(
  database: Database,
  opts: { count?: number; cfg?: VulnerableObjectsConfig } = {},
  progress: (m: string) => void = () => {},
  now: Date = new Date(),
): Promise<NationalObjectsResult> {
  const t0 = performance.now();
  const target = opts.count ?? 50_000;
  const cfg = opts.cfg ?? defaultVulnerableObjectsConfig;
  const db = database.db;
  const [{ n }] = await db
    .select({ n: count() })
    .from(vulnerableObject)
    .where(eq(vulnerableObject.sector, SYNTHETIC_SECTOR));
  const have = Number(n);
  if (have >= target) return { objects: 0, passports: 0, ms: 0 };
  // Every district and city below a region that has a commission, with its akimat as the owner.
  const units = await rowsOf<{
    code: string;
    path: string;
    akimat: string;
    lat: number | null;
    lon: number | null;
  }>(
    db,
    sql`select t.code, t.path, a.id as akimat, t.lat, t.lon
        from territory t
        join body c on c.kind = 'commission' and c.active and c.territory_code = t.code
        join lateral (select id from body where kind = 'akimat' and active and territory_code = t.code limit 1) a on true
        where t.path like 'KZ/%/%'
        order by t.code`,
  );
  if (!units.length) throw new Error("no districts with a commission and an akimat: run `qorgan seed` first");
  const centres = regionCentres();
  const today = almatyDate(now);
  const rnd = random(20_250_101 + have);
  let made = 0;
  let passports = 0;
  for (let start = have; start < target; start += 10_000) {
    const end = Math.min(target, start + 10_000);
    await db.transaction(async (tx) => {
      for (let b = start; b < end; b += 1000) {
        const objects: (typeof vulnerableObject.$inferInsert)[] = [];
        const docs: Omit<typeof objectPassport.$inferInsert, "objectId">[] = [];
        const states: (string | null)[] = [];
        for (let i = b; i < Math.min(end, b + 1000); i++) {
          const u = units[i % units.length];
          const [category, kindKk, kindRu] = KINDS[Math.floor(rnd() * KINDS.length)];
          const word = WORDS[Math.floor(rnd() * WORDS.length)];
          const nameKk = `«${word}-${i + 1}» ${kindKk}`;
          const nameRu = `${kindRu} «${word}-${i + 1}»`;
          const street = STREETS[i % STREETS.length];
          const address = `${street} көш., ${1 + (i % 180)}`;
          const centre = centres.get(u.path.split("/")[1]?.slice(0, 2) ?? "") ?? [71.4, 51.1];
          const lon = u.lon ?? clamp(centre[0] + (rnd() - 0.5) * 2.4, 46.6, 87.2);
          const lat = u.lat ?? clamp(centre[1] + (rnd() - 0.5) * 1.6, 40.7, 55.3);
          // Passport: 70 % agreed (terms spread so that some are due or expired), 10 % submitted,
          // 5 % returned, 10 % draft, 5 % none; each piece of equipment recorded with probability 0.8.
          const r = rnd();
          const status =
            r < 0.7 ? "agreed" : r < 0.8 ? "submitted" : r < 0.85 ? "returned" : r < 0.95 ? "draft" : null;
          const present = equipmentKinds.filter(() => rnd() < 0.8);
          const required = categoryOf(cfg.catalogue, category)?.required ?? [];
          const validUntil = status === "agreed" ? addDays(today, Math.floor(rnd() * 1200) - 100) : null;
          objects.push({
            nameKk,
            nameRu,
            ownerBodyId: u.akimat,
            territoryCode: u.code,
            territoryPath: u.path,
            address,
            lat: Math.round(lat * 1e5) / 1e5,
            lon: Math.round(lon * 1e5) / 1e5,
            category,
            sector: SYNTHETIC_SECTOR,
            attendance: Math.floor(rnd() * 5000),
            staff: 10 + Math.floor(rnd() * 400),
            listed: rnd() < 0.9,
            passportStatus: status,
            passportValidUntil: validUntil,
            passportCategory: status && status !== "draft" ? category : null,
            gaps: equipmentGaps(required, status ? sections(present, i).engineering : undefined),
            searchText: buildSearchText([nameKk, nameRu, address]),
          });
          states.push(status);
          if (status)
            docs.push({
              number: 1,
              status,
              sections: sections(present, i),
              category: status === "draft" ? null : category,
              submittedAt: status === "draft" ? null : now,
              decidedAt: status === "agreed" || status === "returned" ? now : null,
              validUntil,
              remarks: status === "returned" ? "Синтетикалық ескерту / Синтетическое замечание" : "",
            });
        }
        const ids = await tx.insert(vulnerableObject).values(objects).returning({ id: vulnerableObject.id });
        await touchObjects(tx);
        const withPassport = ids.filter((_, k) => states[k] !== null);
        if (docs.length)
          await tx
            .insert(objectPassport)
            .values(docs.map((d, k) => ({ ...d, objectId: withPassport[k].id })));
        made += ids.length;
        passports += docs.length;
      }
    });
    progress(`  vulnerable objects: ${end.toLocaleString("en")} of ${target.toLocaleString("en")}`);
  }
  return { objects: made, passports, ms: Math.round(performance.now() - t0) };
}
