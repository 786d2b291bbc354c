/**
 * Objects vulnerable to terrorism (the Rules' R10.5; Law "On counteraction to terrorism" art. 10-1–10-3):
 * the registry of objects and the commissions' territorial lists, the anti-terrorist protection
 * passport and its workflow, the equipment an object's category requires, inspections and target
 * programmes. Pure rules, no I/O.
 *
 * The catalogue of categories (Government Decree No. 234 of 12.04.2021 classifies the objects) and of
 * the equipment each requires (Government Decree No. 305 of 06.05.2021 sets the requirements) is
 * configuration: `DEFAULT_OBJECT_CATALOGUE` below is the default, the server takes another through its
 * config (`vulnerableObjects.catalogue`, see the module's plugin). The Decrees name the categories; the
 * equipment per category and the passport's term of validity are a sensible default to be confirmed.
 */
import type { Names } from "./contracts/common";
import type { Actor, Role } from "./roles";
import type { RuleRef } from "./rules";
import { isInSubtree } from "./territory";

/* ------------------------------------------------------------------------------ the catalogue */

/** Engineering and technical means a passport records (Decree 305): the gap list compares them. */
export const equipmentKinds = [
  "video_surveillance",
  "alarm",
  "access_control",
  "lighting",
  "barriers",
  "communications",
] as const;
export type EquipmentKind = (typeof equipmentKinds)[number];

export type ObjectCategory = {
  key: string;
  names: Names;
  /** Which equipment the passport must record as present (Decree 305). */
  required: readonly EquipmentKind[];
  /** Years an agreed passport stays valid before it is due for update. */
  passportValidityYears: number;
};
export type ObjectCatalogue = { categories: readonly ObjectCategory[] };

const ALL: readonly EquipmentKind[] = equipmentKinds;

/** The default catalogue: the categories of Decree 234, equipment per Decree 305 (defaults to confirm). */
export const DEFAULT_OBJECT_CATALOGUE: ObjectCatalogue = {
  categories: [
    {
      key: "state_special",
      names: {
        kk: "Ерекше маңызды мемлекеттік объектілер",
        ru: "Особо важные государственные объекты",
        en: "State objects of special importance",
      },
      required: ALL,
      passportValidityYears: 3,
    },
    {
      key: "strategic",
      names: { kk: "Стратегиялық объектілер", ru: "Стратегические объекты", en: "Strategic objects" },
      required: ALL,
      passportValidityYears: 3,
    },
    {
      key: "strategic_sector",
      names: {
        kk: "Экономиканың стратегиялық маңызы бар салаларының объектілері",
        ru: "Объекты отраслей экономики, имеющих стратегическое значение",
        en: "Objects of strategically important sectors",
      },
      required: ALL,
      passportValidityYears: 3,
    },
    {
      key: "hazardous_production",
      names: {
        kk: "Қауіпті өндірістік объектілер",
        ru: "Опасные производственные объекты",
        en: "Hazardous production objects",
      },
      required: ["video_surveillance", "alarm", "access_control", "lighting", "barriers"],
      passportValidityYears: 3,
    },
    {
      key: "mass_gathering",
      names: {
        kk: "Адамдар жаппай жиналатын объектілер",
        ru: "Объекты массового скопления людей",
        en: "Places of mass gathering",
      },
      required: ["video_surveillance", "alarm", "communications"],
      passportValidityYears: 3,
    },
    {
      key: "guarded",
      names: {
        kk: "Күзетілетін объектілер",
        ru: "Охраняемые объекты",
        en: "Guarded objects",
      },
      required: ["video_surveillance", "alarm", "access_control"],
      passportValidityYears: 3,
    },
    {
      key: "other",
      names: { kk: "Басқа объектілер", ru: "Иные объекты", en: "Other objects" },
      required: ["video_surveillance"],
      passportValidityYears: 5,
    },
  ],
};

export const OBJECTS_BASIS: RuleRef[] = ["R10.5"];

export function categoryOf(cat: ObjectCatalogue, key: string): ObjectCategory | undefined {
  return cat.categories.find((c) => c.key === key);
}

/* ------------------------------------------------------------------------------- the passport */

export const passportStatuses = ["draft", "submitted", "agreed", "returned"] as const;
export type PassportStatus = (typeof passportStatuses)[number];
export const passportActions = ["submit", "agree", "return"] as const;
export type PassportAction = (typeof passportActions)[number];

/** The passport's workflow: the owner submits a draft (or a returned one), the police agree or return it. */
export function nextPassportStatus(from: PassportStatus, action: PassportAction): PassportStatus | null {
  if (action === "submit") return from === "draft" || from === "returned" ? "submitted" : null;
  if (action === "agree") return from === "submitted" ? "agreed" : null;
  if (action === "return") return from === "submitted" ? "returned" : null;
  return null;
}

export type EquipmentState = { present: boolean; count?: number; note?: string };

/** The equipment the category requires and the passport does not record as present (the gap list). */
export function equipmentGaps(
  required: readonly EquipmentKind[],
  recorded: Partial<Record<EquipmentKind, EquipmentState>> | undefined,
): EquipmentKind[] {
  return required.filter((k) => !recorded?.[k]?.present);
}

/** "YYYY-MM-DD" plus whole years (29 February falls back to 28). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

export const passportStates = ["none", "draft", "submitted", "returned", "valid", "due", "expired"] as const;
export type PassportState = (typeof passportStates)[number];

/** Days before a passport's term ends when it counts as due for update (the owner is reminded). */
export const PASSPORT_DUE_DAYS = 60;

/**
 * Where an object stands with its passport: the newest version's status; an agreed one is valid
 * until its term, due in the last PASSPORT_DUE_DAYS, expired after — or at once when the object's
 * category changed since it was agreed (Decree 305: a new category needs a new passport).
 */
export function passportState(
  p: { status: PassportStatus; validUntil: string | null; category: string | null } | null,
  objectCategory: string,
  today: string,
): PassportState {
  if (!p) return "none";
  if (p.status !== "agreed") return p.status;
  if (p.category !== objectCategory || !p.validUntil || p.validUntil < today) return "expired";
  const due = new Date(`${p.validUntil}T00:00:00Z`).getTime() - PASSPORT_DUE_DAYS * 86_400_000;
  return new Date(`${today}T00:00:00Z`).getTime() >= due ? "due" : "valid";
}

/**
 * What the owner is reminded of about its passport, as a key that changes exactly when there is something
 * new to tell: due for update (PASSPORT_DUE_DAYS before its term), expired, or made stale by a change of
 * the object's category. null: nothing to tell (no agreed passport, or a valid one).
 */
export function passportReminderKey(
  p: { status: string | null; validUntil: string | null; category: string | null },
  objectCategory: string,
  today: string,
): { kind: "due" | "expired" | "category_changed"; key: string } | null {
  if (p.status !== "agreed") return null;
  if (p.category !== objectCategory)
    return { kind: "category_changed", key: `category:${p.category ?? ""}>${objectCategory}` };
  const state = passportState(
    { status: "agreed", validUntil: p.validUntil, category: p.category },
    objectCategory,
    today,
  );
  if (state === "due") return { kind: "due", key: `due:${p.validUntil}` };
  if (state === "expired") return { kind: "expired", key: `expired:${p.validUntil ?? ""}` };
  return null;
}

/** The signed scan: PDF, JPEG or PNG, recognised by its first bytes, never by its name. */
export const SCAN_MAX_BYTES = 10 * 1024 * 1024;
export function scanMimeOf(head: Uint8Array): "application/pdf" | "image/jpeg" | "image/png" | null {
  const b = (i: number) => head[i];
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46 && b(4) === 0x2d)
    return "application/pdf";
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return "image/jpeg";
  if (
    b(0) === 0x89 &&
    b(1) === 0x50 &&
    b(2) === 0x4e &&
    b(3) === 0x47 &&
    b(4) === 0x0d &&
    b(5) === 0x0a &&
    b(6) === 0x1a &&
    b(7) === 0x0a
  )
    return "image/png";
  return null;
}

/* ------------------------------------------------------------------ inspections and programmes */

export const inspectionKinds = ["planned", "unplanned"] as const;
export const inspectorKinds = ["police", "knb", "commission"] as const;
export type InspectorKind = (typeof inspectorKinds)[number];
export const listChanges = ["added", "removed"] as const;

export const OBJECT_IMPORT_MAX_ROWS = 5000;
export const OBJECT_IMPORT_MAX_BYTES = 4 * 1024 * 1024;

/* ----------------------------------------------------------------------------------- the policy */

/**
 * What the policy needs about an object: where it is, who owns it, which territorial police unit
 * agrees its passport.
 */
export type ObjectTarget = { territoryPath: string; ownerBodyId: string; policeBodyId: string | null };

/** Roles that see the objects of their territory subtree (commissions, the ATC, HQs; an auditor reads). */
const TERRITORY_READERS: readonly Role[] = [
  "administrator",
  "atc_coordinator",
  "commission_secretary",
  "commission_member",
  "hq_officer",
  "auditor",
];
/** Roles that keep the registry and the lists of their territory (the commission's secretariat, the ATC). */
const TERRITORY_MANAGERS: readonly Role[] = ["administrator", "atc_coordinator", "commission_secretary"];
/** Roles that act for their own body (an owner's account, a police unit's officer); never an auditor. */
const ACTING: readonly Role[] = [
  "administrator",
  "atc_coordinator",
  "commission_secretary",
  "commission_member",
  "hq_officer",
  "organisation_reporter",
];

const actsFor = (actor: Actor, bodyId: string | null) =>
  !!bodyId && actor.grants.some((g) => ACTING.includes(g.role) && g.bodyId === bodyId);
const inScope = (actor: Actor, roles: readonly Role[], path: string) =>
  actor.grants.some((g) => roles.includes(g.role) && isInSubtree(path, g.territoryPath));

/** Owners see their own objects; commissions, police (as commission members), HQs their territory. */
export function canReadObject(actor: Actor, t: ObjectTarget): boolean {
  return actsFor(actor, t.ownerBodyId) || inScope(actor, TERRITORY_READERS, t.territoryPath);
}

/** The owner maintains its objects; the commission's secretariat and the ATC those of their territory. */
export function canEditObject(actor: Actor, t: ObjectTarget): boolean {
  return actsFor(actor, t.ownerBodyId) || inScope(actor, TERRITORY_MANAGERS, t.territoryPath);
}

/** Who may register objects in a territory for others (and create their owner organisations). */
export function canManageObjectsIn(actor: Actor, territoryPath: string): boolean {
  return inScope(actor, TERRITORY_MANAGERS, territoryPath);
}

/**
 * The passport's contents (restricted, "ДСП") — a permission apart from reading the object: the
 * owner who keeps it, the territorial police unit that agrees it, the operational HQs of the territory
 * that plan the joint response (Law art. 10-2). Commissions and the ATC see its status, not its contents.
 */
export function canReadPassport(actor: Actor, t: ObjectTarget): boolean {
  return (
    actsFor(actor, t.ownerBodyId) ||
    actsFor(actor, t.policeBodyId) ||
    inScope(actor, ["hq_officer"], t.territoryPath)
  );
}

/** The owner drafts, edits and submits its passport. */
export function canWritePassport(actor: Actor, t: ObjectTarget): boolean {
  return actsFor(actor, t.ownerBodyId);
}

/** The territorial police unit named for the object agrees or returns the passport. */
export function canAgreePassport(actor: Actor, t: ObjectTarget): boolean {
  return actsFor(actor, t.policeBodyId);
}

/** Inspections are recorded by the police unit, and by commission members and secretariats of the territory. */
export function canInspect(actor: Actor, t: ObjectTarget): boolean {
  return (
    actsFor(actor, t.policeBodyId) ||
    inScope(actor, [...TERRITORY_MANAGERS, "commission_member"], t.territoryPath)
  );
}

/**
 * A drill held at the object (Law art. 10-2: staff trained, joint response planned) is linked to the
 * commission's exercise (R10.3) by whoever keeps the object or inspects it — and may read the exercise.
 */
export function canLinkDrill(actor: Actor, t: ObjectTarget): boolean {
  return canEditObject(actor, t) || canInspect(actor, t);
}

export const objectActions = ["edit", "readPassport", "writePassport", "agreePassport", "inspect"] as const;
export type ObjectAction = (typeof objectActions)[number];

export function objectAllowedActions(actor: Actor, t: ObjectTarget): ObjectAction[] {
  const out: ObjectAction[] = [];
  if (canEditObject(actor, t)) out.push("edit");
  if (canReadPassport(actor, t)) out.push("readPassport");
  if (canWritePassport(actor, t)) out.push("writePassport");
  if (canAgreePassport(actor, t)) out.push("agreePassport");
  if (canInspect(actor, t)) out.push("inspect");
  return out;
}

/** The bodies whose objects the actor sees as owner, and the subtrees it sees as a territorial reader. */
export function objectReadScope(actor: Actor): { ownerBodyIds: string[]; paths: string[] } {
  const ownerBodyIds = new Set<string>();
  const paths = new Set<string>();
  for (const g of actor.grants) {
    if (ACTING.includes(g.role)) ownerBodyIds.add(g.bodyId);
    if (TERRITORY_READERS.includes(g.role)) paths.add(g.territoryPath);
  }
  return { ownerBodyIds: [...ownerBodyIds], paths: [...paths] };
}

/**
 * Whether the grants let one see any object at all (an owner's account its own, readers of a territory
 * theirs): the web offers an object to be named only then. The server judges each object itself.
 */
export function mayReadSomeObjects(grants: readonly { role: Role }[]): boolean {
  return grants.some((g) => ACTING.includes(g.role) || TERRITORY_READERS.includes(g.role));
}

/**
 * Whether the grants read objects by territory (commissions, the ATC, HQs, an auditor): only they have
 * a territory's list (R5, R10.5) and compliance to open; an owner's account sees just its own objects.
 */
export function mayReadTerritoryObjects(grants: readonly { role: Role }[]): boolean {
  return grants.some((g) => TERRITORY_READERS.includes(g.role));
}

/** Programmes (R10.5) are the commission's: its secretariat and the ATC keep them; readers of the territory read. */
export const canManageProgrammeIn = canManageObjectsIn;
export function canReadProgrammeIn(actor: Actor, territoryPath: string): boolean {
  return inScope(actor, TERRITORY_READERS, territoryPath);
}
