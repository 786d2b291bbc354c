/**
 * Threat levels, pure (Decree No. 611): the strongest declaration in force covering a territory, a
 * district inheriting its region's level, expiry and start by time, partial lift, the changes a
 * declaration admits, and the policy matrix of who may declare where (written out by hand).
 */
import { describe, expect, it } from "vitest";
import type { Actor, Grant, Role } from "../../src/domain/roles";
import {
  canDeclareThreatLevel,
  canReadThreatDeclaration,
  canReadThreatGrounds,
  DEFAULT_DECLARERS,
  declarableScopes,
  tierOf,
} from "../../src/domain/threat-level-policy";
import {
  changeProblem,
  changeStartsAt,
  type DeclarationFacts,
  dueTransitions,
  highestWithin,
  inForce,
  levelAt,
  nextBoundary,
  possibleChanges,
  statusOf,
  withoutCovered,
} from "../../src/domain/threat-levels";
import { capTime } from "../../src/server/modules/threat-levels/cap";
import {
  capPolygonText,
  douglasPeucker,
  simplifyRing,
} from "../../src/server/modules/threat-levels/cap-geometry";

const H = 3_600_000;
const T0 = Date.parse("2026-03-01T00:00:00Z");

const ALMATY_REGION = "KZ/190000000";
const KONAEV = "KZ/190000000/191000000";
const TALGAR = "KZ/190000000/196200000";
const ALMATY_CITY = "KZ/750000000";
const MEDEU = "KZ/750000000/751710000";
const ASTANA = "KZ/710000000";
const CASPIAN = "KZ/KZ-CASPIAN";

let n = 0;
function decl(p: Partial<DeclarationFacts> & Pick<DeclarationFacts, "territoryPaths">): DeclarationFacts {
  n++;
  return {
    id: p.id ?? `d${n}`,
    action: p.action ?? "declare",
    level: p.level === undefined ? "moderate" : p.level,
    territoryPaths: p.territoryPaths,
    startsAt: p.startsAt ?? T0,
    endsAt: p.endsAt === undefined ? T0 + 240 * H : p.endsAt,
    supersedesId: p.supersedesId ?? null,
    createdAt: p.createdAt ?? T0,
  };
}

describe("the level in force", () => {
  it("is the strongest declaration covering the territory; a district inherits its region's", () => {
    const region = decl({ id: "region", level: "moderate", territoryPaths: [ALMATY_REGION] });
    const district = decl({ id: "district", level: "high", territoryPaths: [KONAEV] });
    const country = decl({ id: "kz", level: "moderate", territoryPaths: ["KZ"], startsAt: T0 + H });
    const all = [region, district, country];
    const now = T0 + 2 * H;
    expect(levelAt(KONAEV, all, now)?.id).toBe("district");
    expect(levelAt(TALGAR, all, now)?.level).toBe("moderate");
    expect(levelAt(ALMATY_REGION, all, now)?.level).toBe("moderate");
    // The whole country covers the maritime zone and every region.
    expect(levelAt(CASPIAN, all, now)?.id).toBe("kz");
    expect(levelAt(ASTANA, all, now)?.id).toBe("kz");
    // Equal levels: the latest started wins (its period and announcement are shown).
    expect(levelAt(TALGAR, all, now)?.id).toBe("kz");
    // A region with a higher level in one district: "in parts".
    expect(highestWithin(ALMATY_REGION, all, now)?.level).toBe("high");
    expect(highestWithin(ASTANA, all, now)?.level).toBe("moderate");
    expect(levelAt(ASTANA, [region, district], now)).toBeNull();
  });

  it("is none before the start and after the end; expiry happens by time alone", () => {
    const d = decl({
      level: "critical",
      territoryPaths: [ALMATY_CITY],
      startsAt: T0 + H,
      endsAt: T0 + 3 * H,
    });
    expect(levelAt(MEDEU, [d], T0)).toBeNull();
    expect(statusOf(d, undefined, T0)).toBe("scheduled");
    expect(levelAt(MEDEU, [d], T0 + 2 * H)?.level).toBe("critical");
    expect(statusOf(d, undefined, T0 + 3 * H)).toBe("expired");
    expect(levelAt(MEDEU, [d], T0 + 3 * H)).toBeNull();
    expect(nextBoundary([d], T0)).toBe(T0 + H);
    expect(nextBoundary([d], T0 + 2 * H)).toBe(T0 + 3 * H);
    expect(nextBoundary([d], T0 + 4 * H)).toBeNull();
  });

  it("until further notice stays in force until changed", () => {
    const d = decl({ id: "open", territoryPaths: [ALMATY_CITY], endsAt: null });
    expect(levelAt(MEDEU, [d], T0 + 10_000 * H)?.id).toBe("open");
    expect(possibleChanges(d, undefined, T0 + H)).not.toContain("extend");
  });

  it("a change supersedes the declaration from its own start; a cancellation ends it", () => {
    const d = decl({ id: "a", level: "moderate", territoryPaths: [ALMATY_CITY] });
    const raised = decl({
      id: "b",
      action: "raise",
      level: "high",
      territoryPaths: [ALMATY_CITY],
      supersedesId: "a",
      startsAt: T0 + 5 * H,
    });
    const cancelled = decl({
      id: "c",
      action: "cancel",
      level: null,
      territoryPaths: [ALMATY_CITY],
      supersedesId: "b",
      startsAt: T0 + 7 * H,
    });
    const all = [d, raised, cancelled];
    expect(levelAt(MEDEU, all, T0 + 4 * H)?.id).toBe("a");
    expect(levelAt(MEDEU, all, T0 + 6 * H)?.id).toBe("b");
    expect(statusOf(d, raised, T0 + 6 * H)).toBe("superseded");
    expect(statusOf(raised, cancelled, T0 + 8 * H)).toBe("cancelled");
    expect(statusOf(cancelled, undefined, T0 + 8 * H)).toBe("cancellation");
    expect(levelAt(MEDEU, all, T0 + 8 * H)).toBeNull();
    expect(inForce(all, T0 + 8 * H)).toEqual([]);
  });

  it("a partial lift keeps the level where kept and lifts it elsewhere", () => {
    const d = decl({ id: "p", level: "high", territoryPaths: [ALMATY_REGION, ALMATY_CITY, ASTANA] });
    const kept = decl({
      id: "q",
      action: "partial_lift",
      level: "high",
      territoryPaths: [KONAEV, ASTANA],
      supersedesId: "p",
      startsAt: T0 + H,
    });
    const now = T0 + 2 * H;
    expect(levelAt(KONAEV, [d, kept], now)?.id).toBe("q");
    expect(levelAt(ASTANA, [d, kept], now)?.id).toBe("q");
    expect(levelAt(TALGAR, [d, kept], now)).toBeNull();
    expect(levelAt(MEDEU, [d, kept], now)).toBeNull();
    expect(changeProblem(d, { action: "partial_lift", keptPaths: [KONAEV, ASTANA] })).toBeNull();
    expect(
      changeProblem(d, { action: "partial_lift", keptPaths: [ALMATY_REGION, ALMATY_CITY, ASTANA] }),
    ).toEqual({
      path: "territories",
      code: "nothing_lifted",
    });
    expect(changeProblem(d, { action: "partial_lift", keptPaths: ["KZ/310000000"] })?.code).toBe(
      "not_within_declaration",
    );
    expect(changeProblem(d, { action: "partial_lift", keptPaths: [] })?.code).toBe("required");
  });
});

describe("changes a declaration admits", () => {
  const d = decl({ id: "m", level: "moderate", territoryPaths: [ALMATY_CITY] });
  it("by state and level", () => {
    expect(possibleChanges(d, undefined, T0 + H)).toEqual(["extend", "raise", "partial_lift", "cancel"]);
    const critical = decl({ level: "critical", territoryPaths: [ALMATY_CITY] });
    expect(possibleChanges(critical, undefined, T0 + H)).toEqual([
      "extend",
      "lower",
      "partial_lift",
      "cancel",
    ]);
    const high = decl({ level: "high", territoryPaths: [ALMATY_CITY] });
    expect(possibleChanges(high, undefined, T0 + H)).toContain("raise");
    expect(possibleChanges(high, undefined, T0 + H)).toContain("lower");
    // Changed once already, expired, or a cancellation itself: nothing.
    expect(possibleChanges(d, decl({ territoryPaths: [ALMATY_CITY], supersedesId: "m" }), T0 + H)).toEqual(
      [],
    );
    expect(possibleChanges(d, undefined, T0 + 1000 * H)).toEqual([]);
    expect(
      possibleChanges(decl({ action: "cancel", level: null, territoryPaths: ["KZ"] }), undefined, T0),
    ).toEqual([]);
  });
  it("checks the change's values", () => {
    expect(changeProblem(d, { action: "raise", level: "moderate" })?.code).toBe("not_higher");
    expect(changeProblem(d, { action: "raise", level: "critical" })).toBeNull();
    expect(changeProblem(d, { action: "lower", level: "high" })?.code).toBe("not_lower");
    expect(changeProblem(d, { action: "raise" })?.code).toBe("required");
    expect(changeProblem(d, { action: "extend", endsAt: d.endsAt! - H })?.code).toBe(
      "not_later_than_current_end",
    );
    expect(changeProblem(d, { action: "extend", endsAt: d.endsAt! + H })).toBeNull();
    expect(changeProblem(d, { action: "extend", endsAt: null })).toBeNull();
    expect(changeProblem(d, { action: "cancel" })).toBeNull();
  });
  it("a change of a declaration not yet started takes effect at its start", () => {
    const later = decl({ territoryPaths: [ALMATY_CITY], startsAt: T0 + 10 * H });
    expect(changeStartsAt(later, T0)).toBe(T0 + 10 * H);
    expect(changeStartsAt(later, T0 + 11 * H)).toBe(T0 + 11 * H);
  });
});

describe("transitions due", () => {
  it("records a start made ahead and an expiry at the end, once", () => {
    const ahead = decl({
      id: "ahead",
      territoryPaths: [ASTANA],
      createdAt: T0,
      startsAt: T0 + H,
      endsAt: T0 + 2 * H,
    });
    const atOnce = decl({
      id: "now",
      territoryPaths: [MEDEU],
      createdAt: T0,
      startsAt: T0,
      endsAt: T0 + 2 * H,
    });
    const changed = decl({ id: "changed", territoryPaths: [KONAEV], endsAt: T0 + 2 * H });
    const change = decl({
      id: "ext",
      action: "extend",
      territoryPaths: [KONAEV],
      supersedesId: "changed",
      createdAt: T0 + H,
      startsAt: T0 + H,
      endsAt: T0 + 5 * H,
    });
    const all = [ahead, atOnce, changed, change];
    expect(dueTransitions(all, T0 + H / 2, new Set())).toEqual([]);
    expect(dueTransitions(all, T0 + H, new Set())).toEqual([{ id: "ahead", kind: "started" }]);
    const at3 = dueTransitions(all, T0 + 3 * H, new Set(["ahead:started"]));
    // The changed one never expires: its change took over; the extension runs on.
    expect(at3).toEqual([
      { id: "ahead", kind: "expired" },
      { id: "now", kind: "expired" },
    ]);
    expect(
      dueTransitions(all, T0 + 3 * H, new Set(["ahead:started", "ahead:expired", "now:expired"])),
    ).toEqual([]);
  });
});

describe("policy: who may declare where (default setting)", () => {
  const g = (role: Role, territoryPath: string): Grant => ({
    role,
    bodyId: `${role}@${territoryPath}`,
    territoryPath,
  });
  const actor = (...grants: Grant[]): Actor => ({ userId: "u", grants });
  const atc = actor(g("atc_coordinator", "KZ"));
  const almatyHq = actor(g("hq_officer", ALMATY_CITY));
  const regionHq = actor(g("hq_officer", ALMATY_REGION));
  const districtHq = actor(g("hq_officer", KONAEV));
  const republicanHq = actor(g("hq_officer", "KZ"));
  const marineHq = actor(g("hq_officer", CASPIAN));
  const everyoneElse: Role[] = [
    "administrator",
    "commission_secretary",
    "commission_member",
    "organisation_reporter",
    "response_force_coordinator",
    "victim_support_officer",
    "auditor",
  ];

  // [who, territory, may declare]
  const matrix: [string, Actor, string, boolean][] = [
    ["ATC", atc, "KZ", true],
    ["ATC", atc, CASPIAN, true],
    ["ATC", atc, ALMATY_REGION, true],
    ["ATC", atc, KONAEV, true],
    ["ATC", atc, `${MEDEU}/751710100`, true],
    ["Almaty city HQ", almatyHq, ALMATY_CITY, true],
    ["Almaty city HQ", almatyHq, MEDEU, true],
    ["Almaty city HQ", almatyHq, ASTANA, false],
    ["Almaty city HQ", almatyHq, ALMATY_REGION, false],
    ["Almaty city HQ", almatyHq, "KZ", false],
    ["Almaty region HQ", regionHq, KONAEV, true],
    ["Almaty region HQ", regionHq, ALMATY_CITY, false],
    ["district HQ", districtHq, KONAEV, false],
    ["republican HQ", republicanHq, "KZ", false],
    ["republican HQ", republicanHq, ASTANA, false],
    ["marine HQ", marineHq, CASPIAN, false],
    ...everyoneElse.flatMap((role): [string, Actor, string, boolean][] => [
      [role, actor(g(role, "KZ")), "KZ", false],
      [role, actor(g(role, ALMATY_CITY)), ALMATY_CITY, false],
    ]),
  ];
  it.each(matrix)("%s at %s → %s", (_who, a, path, allowed) => {
    expect(canDeclareThreatLevel(a, [path])).toBe(allowed);
  });
  it("needs every territory of a declaration", () => {
    expect(canDeclareThreatLevel(almatyHq, [ALMATY_CITY, MEDEU])).toBe(true);
    expect(canDeclareThreatLevel(almatyHq, [ALMATY_CITY, ASTANA])).toBe(false);
    expect(canDeclareThreatLevel(atc, [])).toBe(false);
  });
  it("is a setting: another rule set changes who may", () => {
    const withDistricts = [
      ...DEFAULT_DECLARERS,
      {
        role: "hq_officer" as const,
        grantTiers: ["district" as const],
        territoryTiers: ["district" as const],
      },
    ];
    expect(canDeclareThreatLevel(districtHq, [KONAEV], withDistricts)).toBe(true);
    expect(canDeclareThreatLevel(districtHq, [TALGAR], withDistricts)).toBe(false);
  });
  it("tiers and scopes", () => {
    expect([
      tierOf("KZ"),
      tierOf(CASPIAN),
      tierOf(ALMATY_CITY),
      tierOf(KONAEV),
      tierOf(`${MEDEU}/1`),
    ]).toEqual(["republic", "maritime", "region", "district", "local"]);
    expect(declarableScopes(atc)).toEqual(["KZ"]);
    expect(declarableScopes(almatyHq)).toEqual([ALMATY_CITY]);
    expect(declarableScopes(districtHq)).toEqual([]);
  });
  it("reading: declarations that concern one's territory; grounds for the ATC, HQs and auditors only", () => {
    const member = actor(g("commission_member", KONAEV));
    expect(canReadThreatDeclaration(member, [ALMATY_REGION])).toBe(true);
    expect(canReadThreatDeclaration(member, ["KZ"])).toBe(true);
    expect(canReadThreatDeclaration(member, [ASTANA])).toBe(false);
    expect(canReadThreatGrounds(member, [ALMATY_REGION])).toBe(false);
    expect(canReadThreatGrounds(districtHq, [ALMATY_REGION])).toBe(true);
    expect(canReadThreatGrounds(almatyHq, [ASTANA])).toBe(false);
    expect(canReadThreatGrounds(atc, [ASTANA])).toBe(true);
    expect(canReadThreatGrounds(actor(g("auditor", "KZ")), [ASTANA])).toBe(true);
  });
});

describe("territory sets and CAP helpers", () => {
  it("drops units covered by another in the set", () => {
    expect(withoutCovered([ALMATY_REGION, KONAEV, ASTANA, ASTANA])).toEqual([ALMATY_REGION, ASTANA]);
    expect(withoutCovered(["KZ", CASPIAN])).toEqual(["KZ"]);
  });
  it("CAP times are Almaty time with the offset, whole seconds", () => {
    expect(capTime(Date.parse("2026-12-06T09:30:15.678Z"))).toBe("2026-12-06T14:30:15+05:00");
    expect(capTime(Date.parse("2026-12-31T20:00:00Z"))).toBe("2027-01-01T01:00:00+05:00");
  });
  it("simplifies rings to closed, bounded polygons in lat,lon order", () => {
    const circle: [number, number][] = [];
    for (let i = 0; i < 5000; i++) {
      const a = (2 * Math.PI * i) / 5000;
      circle.push([70 + 3 * Math.cos(a) + 0.001 * Math.sin(37 * a), 48 + 2 * Math.sin(a)]);
    }
    circle.push(circle[0]);
    const ring = simplifyRing(circle, 200)!;
    expect(ring.length).toBeLessThanOrEqual(200);
    expect(ring.length).toBeGreaterThanOrEqual(20);
    expect(ring[0]).toEqual(ring.at(-1));
    const text = capPolygonText(ring);
    expect(text.split(" ")[0]).toBe("48.00000,73.00000");
    expect(
      douglasPeucker(
        [
          [0, 0],
          [1, 0.0001],
          [2, 0],
        ],
        0.01,
      ),
    ).toEqual([
      [0, 0],
      [2, 0],
    ]);
    expect(
      simplifyRing(
        [
          [0, 0],
          [1, 1],
          [0, 0],
        ],
        100,
      ),
    ).toBeNull();
  });
});
