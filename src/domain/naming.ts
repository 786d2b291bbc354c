/**
 * Official-style names of the bodies created from the territory tree (R3, R5, R18):
 * "Абай облысының терроризмге қарсы комиссиясы", "Антитеррористическая комиссия Акмолинской области",
 * "Anti-terrorism commission of Akmola region". Pure string rules over KATO names.
 */
import type { Names } from "./contracts/common";
import type { TerritoryType } from "./territory";

/** Kazakh genitive of a territory's name: "Абай облысы" → "Абай облысының", "Семей Қ.Ә." → "Семей қаласының". */
export function kkGenitive(name: string): string {
  const n = name.trim();
  if (/ Қ\.Ә\.$/.test(n)) return `${n.replace(/ Қ\.Ә\.$/, "")} қаласының`;
  if (/ қ\.$/.test(n)) return `${n.replace(/ қ\.$/, "")} қаласының`;
  if (/(облысы|ауданы|қаласы)$/.test(n)) return `${n}ның`;
  return `${n} (аумақ)`;
}

/** Russian genitive of a territory's name for the usual KATO patterns; otherwise "(name)". */
export function ruGenitive(name: string): string {
  const n = name.trim();
  const adj = (w: string) =>
    w
      .replace(/ская$/, "ской")
      .replace(/цкая$/, "цкой")
      .replace(/ский$/, "ского")
      .replace(/цкий$/, "цкого")
      .replace(/ный$/, "ного")
      .replace(/ая$/, "ой");
  let m = /^(.+) область$/.exec(n);
  if (m) return `${m[1].split("-").map(adj).join("-")} области`;
  m = /^область (.+)$/.exec(n);
  if (m) return `области ${m[1]}`;
  m = /^(.+) район$/.exec(n);
  if (m) return `${adj(m[1])} района`;
  m = /^район (.+)$/.exec(n);
  if (m) return `района ${m[1]}`;
  m = /^г\.\s*(.+)$/.exec(n);
  if (m) return `города ${m[1]}`;
  m = /^(.+) Г\.А\.$/.exec(n);
  if (m) return `города ${m[1]}`;
  return `(${n})`;
}

/** English "of" phrase: "Abay region", "Almaty city", "Almaly district". */
export function enOf(name: string, type: TerritoryType): string {
  const n = name.replace(/\s*\(city\)$/, "").trim();
  switch (type) {
    case "region":
      return `${n} region`;
    case "city_republican":
    case "city_regional":
      return `${n} city`;
    case "district":
    case "city_district":
      return `${n} district`;
    default:
      return n;
  }
}

type T = { nameKk: string; nameRu: string; nameEn: string; type: TerritoryType };

export function commissionNames(t: T): Names {
  return {
    kk: `${kkGenitive(t.nameKk)} терроризмге қарсы комиссиясы`,
    ru: `Антитеррористическая комиссия ${ruGenitive(t.nameRu)}`,
    en: `Anti-terrorism commission of ${enOf(t.nameEn, t.type)}`,
  };
}

export function hqNames(t: T): Names {
  return {
    kk: `${kkGenitive(t.nameKk)} жедел штабы`,
    ru: `Оперативный штаб ${ruGenitive(t.nameRu)}`,
    en: `Operational headquarters of ${enOf(t.nameEn, t.type)}`,
  };
}

export function akimatNames(t: T): Names {
  return {
    kk: `${kkGenitive(t.nameKk)} әкімдігі`,
    ru: `Акимат ${ruGenitive(t.nameRu)}`,
    en: `Akimat of ${enOf(t.nameEn, t.type)}`,
  };
}

/** The Rules' own words (R3: "Қазақстан Республикасы Терроризмге қарсы орталығы"). */
export const ATC_NAMES: Names = {
  kk: "Қазақстан Республикасының Терроризмге қарсы орталығы",
  ru: "Антитеррористический центр Республики Казахстан",
  en: "Anti-Terrorism Center of the Republic of Kazakhstan",
};

export const REPUBLICAN_HQ_NAMES: Names = {
  kk: "Республикалық жедел штаб",
  ru: "Республиканский оперативный штаб",
  en: "Republican operational headquarters",
};

/** R18: "терроризмге қарсы күрес жөніндегі теңіздік жедел штаб" / "морской оперативный штаб". */
export const MARINE_HQ_NAMES: Names = {
  kk: "Теңіздік жедел штаб",
  ru: "Морской оперативный штаб",
  en: "Marine operational headquarters",
};

/**
 * Names the system once gave its singleton bodies, superseded by the Rules' terms above: a body still
 * carrying one of these (never renamed by a person) is renamed when the system bodies are ensured.
 */
export const SUPERSEDED_SYSTEM_NAMES: readonly {
  kind: "atc" | "hq";
  subtype: string | null;
  kk: string;
  ru: string;
  names: Names;
}[] = [
  {
    kind: "atc",
    subtype: null,
    kk: "Қазақстан Республикасының Антитеррорлық орталығы",
    ru: ATC_NAMES.ru,
    names: ATC_NAMES,
  },
  {
    kind: "hq",
    subtype: "marine",
    kk: "Теңіздегі жедел штаб",
    ru: "Оперативный штаб на море",
    names: MARINE_HQ_NAMES,
  },
];
