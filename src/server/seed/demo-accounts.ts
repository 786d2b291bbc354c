/**
 * Demo accounts created by `qorgan seed --demo-users` / `qorgan start --demo`: one per role.
 * Synthetic people only. Production accounts are made with `qorgan user add`.
 */
import type { Role } from "../../domain/roles";
import type { DemoBodySpec } from "../modules/registry";

export const DEMO_PASSWORD = "qorgan-demo-2026";

/** Almaty city: the demo's territorial scope for territorial roles. */
export const DEMO_CITY = "750000000";

/** Konaev, a city of regional significance in Almaty region: the demo's district-level commission. */
export const DEMO_DISTRICT = "191000000";

export type DemoAccount = {
  username: string;
  displayName: string;
  role: Role;
  /** Which body the role is held in; resolved by the seed. */
  body: DemoBodySpec;
  /** Territory the grant covers ("KZ" = the whole republic). */
  scope: string;
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: "admin",
    displayName: "Ержан Әкімшіұлы (demo)",
    role: "administrator",
    body: { kind: "atc" },
    scope: "KZ",
  },
  {
    username: "atc",
    displayName: "Айгүл Сарсенова (demo)",
    role: "atc_coordinator",
    body: { kind: "atc" },
    scope: "KZ",
  },
  {
    username: "secretary",
    displayName: "Мәдина Оспанова (demo)",
    role: "commission_secretary",
    body: { kind: "commission", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "member",
    displayName: "Нұрлан Қасымов (demo)",
    role: "commission_member",
    body: { kind: "member_body", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "district",
    displayName: "Ерлан Жақсылықов (demo)",
    role: "commission_secretary",
    body: { kind: "commission", territory: DEMO_DISTRICT },
    scope: DEMO_DISTRICT,
  },
  {
    username: "district-member",
    displayName: "Әлия Нұрбекова (demo)",
    role: "commission_member",
    body: { kind: "akimat", territory: DEMO_DISTRICT },
    scope: DEMO_DISTRICT,
  },
  {
    username: "hq",
    displayName: "Бауыржан Төлеуов (demo)",
    role: "hq_officer",
    body: { kind: "hq", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "hqrep",
    displayName: "Ғалым Серікбаев (demo)",
    role: "hq_officer",
    body: { kind: "hq", level: "republican" },
    scope: "KZ",
  },
  {
    username: "reporter",
    displayName: "Әсел Жұмабаева (demo)",
    role: "organisation_reporter",
    body: { kind: "organisation", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "forces",
    displayName: "Серік Ахметов (demo)",
    role: "response_force_coordinator",
    body: { kind: "response_force", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "victims",
    displayName: "Гүлнар Исаева (demo)",
    role: "victim_support_officer",
    body: { kind: "commission", territory: DEMO_CITY },
    scope: DEMO_CITY,
  },
  {
    username: "auditor",
    displayName: "Дәурен Мұхамедов (demo)",
    role: "auditor",
    body: { kind: "atc" },
    scope: "KZ",
  },
];
