/**
 * Data of the demo registry: real names of central state bodies and their territorial subdivisions,
 * word lists for invented organisations and people, a deterministic PRNG and synthetic BINs.
 */
import { iinBinCheckDigit } from "../../../domain/identifiers";

/** mulberry32: a small deterministic PRNG so the demo is the same on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid synthetic BIN: registration YYMM, 4 (resident legal entity), 0, serial, check digit. */
export function makeBin(rand: () => number): string {
  for (;;) {
    const yy = String(Math.floor(rand() * 25)).padStart(2, "0");
    const mm = String(1 + Math.floor(rand() * 12)).padStart(2, "0");
    const serial = String(Math.floor(rand() * 100000)).padStart(5, "0");
    const first11 = `${yy}${mm}40${serial}`;
    const c = iinBinCheckDigit(first11);
    if (c !== null) return `${first11}${c}`;
  }
}
/** Central state bodies with a role in counter-terrorism (R4): real institutions. */
export const CENTRAL: [string, string, string, string][] = [
  [
    "knb",
    "Қазақстан Республикасы Ұлттық қауіпсіздік комитеті",
    "Комитет национальной безопасности Республики Казахстан",
    "National Security Committee of the Republic of Kazakhstan",
  ],
  [
    "mvd",
    "Қазақстан Республикасы Ішкі істер министрлігі",
    "Министерство внутренних дел Республики Казахстан",
    "Ministry of Internal Affairs of the Republic of Kazakhstan",
  ],
  [
    "mchs",
    "Қазақстан Республикасы Төтенше жағдайлар министрлігі",
    "Министерство по чрезвычайным ситуациям Республики Казахстан",
    "Ministry of Emergency Situations of the Republic of Kazakhstan",
  ],
  [
    "mo",
    "Қазақстан Республикасы Қорғаныс министрлігі",
    "Министерство обороны Республики Казахстан",
    "Ministry of Defence of the Republic of Kazakhstan",
  ],
  [
    "mz",
    "Қазақстан Республикасы Денсаулық сақтау министрлігі",
    "Министерство здравоохранения Республики Казахстан",
    "Ministry of Health of the Republic of Kazakhstan",
  ],
  [
    "gp",
    "Қазақстан Республикасының Бас прокуратурасы",
    "Генеральная прокуратура Республики Казахстан",
    "Prosecutor General's Office of the Republic of Kazakhstan",
  ],
  [
    "mid",
    "Қазақстан Республикасы Сыртқы істер министрлігі",
    "Министерство иностранных дел Республики Казахстан",
    "Ministry of Foreign Affairs of the Republic of Kazakhstan",
  ],
  [
    "sgo",
    "Қазақстан Республикасы Мемлекеттік күзет қызметі",
    "Служба государственной охраны Республики Казахстан",
    "State Security Service of the Republic of Kazakhstan",
  ],
  [
    "afm",
    "Қазақстан Республикасы Қаржылық мониторинг агенттігі",
    "Агентство Республики Казахстан по финансовому мониторингу",
    "Financial Monitoring Agency of the Republic of Kazakhstan",
  ],
  [
    "mp",
    "Қазақстан Республикасы Оқу-ағарту министрлігі",
    "Министерство просвещения Республики Казахстан",
    "Ministry of Education of the Republic of Kazakhstan",
  ],
  [
    "mtr",
    "Қазақстан Республикасы Көлік министрлігі",
    "Министерство транспорта Республики Казахстан",
    "Ministry of Transport of the Republic of Kazakhstan",
  ],
  [
    "me",
    "Қазақстан Республикасы Энергетика министрлігі",
    "Министерство энергетики Республики Казахстан",
    "Ministry of Energy of the Republic of Kazakhstan",
  ],
  [
    "mkio",
    "Қазақстан Республикасы Мәдениет және ақпарат министрлігі",
    "Министерство культуры и информации Республики Казахстан",
    "Ministry of Culture and Information of the Republic of Kazakhstan",
  ],
  [
    "mj",
    "Қазақстан Республикасы Әділет министрлігі",
    "Министерство юстиции Республики Казахстан",
    "Ministry of Justice of the Republic of Kazakhstan",
  ],
];

/** Territorial subdivisions created in every region and city of republican significance. */
export const TERRITORIAL: {
  parent: string;
  kk: (g: string) => string;
  ru: (g: string) => string;
  en: (n: string) => string;
}[] = [
  {
    parent: "knb",
    kk: (g) => `ҰҚК-нің ${g} бойынша департаменті`,
    ru: (g) => `Департамент КНБ по ${g}`,
    en: (n) => `NSC Department for ${n}`,
  },
  {
    parent: "mvd",
    kk: (g) => `${g} полиция департаменті`,
    ru: (g) => `Департамент полиции ${g}`,
    en: (n) => `Police Department of ${n}`,
  },
  {
    parent: "mchs",
    kk: (g) => `${g} төтенше жағдайлар департаменті`,
    ru: (g) => `Департамент по чрезвычайным ситуациям ${g}`,
    en: (n) => `Emergency Situations Department of ${n}`,
  },
];

export const ORG_TYPES: [string, string, string][] = [
  ["мектеп-гимназиясы", "школа-гимназия", "school-gymnasium"],
  ["сауда орталығы", "торговый центр", "shopping centre"],
  ["қалалық ауруханасы", "городская больница", "city hospital"],
  ["автовокзалы", "автовокзал", "bus station"],
  ["бизнес орталығы", "бизнес-центр", "business centre"],
  ["спорт кешені", "спортивный комплекс", "sports complex"],
  ["жылу электр орталығы", "теплоэлектроцентраль", "heat and power plant"],
  ["су құбыры станциясы", "водопроводная станция", "water station"],
];
export const ORG_WORDS = [
  "Алатау",
  "Жұлдыз",
  "Нұр",
  "Самал",
  "Достық",
  "Шапағат",
  "Береке",
  "Арай",
  "Тұлпар",
  "Ақжол",
  "Көктем",
  "Саяхат",
];

export const FIRST = [
  "Айбек",
  "Дана",
  "Ерлан",
  "Жанар",
  "Қанат",
  "Ляззат",
  "Марат",
  "Назым",
  "Олжас",
  "Раушан",
  "Саят",
  "Томирис",
];
export const LAST = [
  "Абенов",
  "Бекова",
  "Ғалиев",
  "Дүйсенова",
  "Есенов",
  "Жақыпова",
  "Ибраев",
  "Қожахметова",
  "Мұратов",
  "Нұрланова",
];
