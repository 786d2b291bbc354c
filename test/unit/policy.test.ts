/**
 * Permission matrix: every role × action × (own territory / other territory),
 * against a table written out by hand — the policy must match it exactly.
 */
import { describe, expect, it } from "vitest";
import {
  type Action,
  actions,
  allowedActions,
  can,
  canActAsController,
  canActAsExecutor,
  canReadAssignment,
  readFilters,
  type Target,
} from "../../src/domain/policy";
import { type Actor, type Role, roles } from "../../src/domain/roles";

const ALMATY = "KZ/750000000";
const ASTANA = "KZ/710000000";
const COMMISSION_ALMATY = "c-almaty";
const COMMISSION_ASTANA = "c-astana";
const HQ_ALMATY = "hq-almaty";
const ORG = "org-almaty-2";

/** Where each role is held in the matrix: all in Almaty, so "own" and "other" mean something. */
const roleBody: Record<Role, string> = {
  administrator: "atc",
  atc_coordinator: "atc",
  commission_secretary: COMMISSION_ALMATY,
  commission_member: COMMISSION_ALMATY,
  hq_officer: HQ_ALMATY,
  organisation_reporter: "org-almaty-1",
  response_force_coordinator: "force-almaty",
  victim_support_officer: COMMISSION_ALMATY,
  auditor: "atc",
};

/** The target each action is checked on, in the actor's territory and in another one. */
const targets: Record<Action, { own: Target; other: Target }> = {
  "registry.read": {
    own: { kind: "organisation", bodyId: ORG, territoryPath: `${ALMATY}/751710000` },
    other: { kind: "organisation", bodyId: "o2", territoryPath: ASTANA },
  },
  "registry.create": {
    own: { kind: "organisation", territoryPath: ALMATY },
    other: { kind: "organisation", territoryPath: ASTANA },
  },
  "registry.update": {
    own: { kind: "organisation", bodyId: ORG, territoryPath: ALMATY },
    other: { kind: "organisation", bodyId: "o2", territoryPath: ASTANA },
  },
  "registry.delete": {
    own: { kind: "organisation", bodyId: ORG, territoryPath: ALMATY },
    other: { kind: "organisation", bodyId: "o2", territoryPath: ASTANA },
  },
  "membership.manage": {
    own: { kind: "commission", bodyId: COMMISSION_ALMATY, territoryPath: ALMATY },
    other: { kind: "commission", bodyId: COMMISSION_ASTANA, territoryPath: ASTANA },
  },
  "personal.read": {
    own: { kind: "commission", bodyId: COMMISSION_ALMATY, territoryPath: ALMATY },
    other: { kind: "commission", bodyId: COMMISSION_ASTANA, territoryPath: ASTANA },
  },
  "user.manage": {
    own: { kind: "organisation", territoryPath: ALMATY },
    other: { kind: "organisation", territoryPath: ASTANA },
  },
  "audit.read": {
    own: { kind: "organisation", territoryPath: ALMATY },
    other: { kind: "organisation", territoryPath: ASTANA },
  },
};

// Columns: read create update delete membership personal user audit. "Y" = allowed in own territory.
// No role may do anything in another territory (asserted separately).
const expected: Record<Role, string> = {
  administrator: /*              */ "Y Y Y Y Y Y Y Y",
  atc_coordinator: /*            */ "Y Y Y Y Y Y - -",
  commission_secretary: /*       */ "Y Y Y - Y Y - -",
  commission_member: /*          */ "Y - - - - - - -",
  hq_officer: /*                 */ "Y - - - - - - -",
  organisation_reporter: /*      */ "- - - - - - - -",
  response_force_coordinator: /* */ "Y - - - - - - -",
  victim_support_officer: /*     */ "Y - - - - - - -",
  auditor: /*                    */ "Y - - - - - - Y",
};

const actor = (role: Role): Actor => ({
  userId: "u",
  grants: [{ role, bodyId: roleBody[role], territoryPath: ALMATY }],
});

describe("permission matrix", () => {
  for (const role of roles) {
    const row = expected[role].split(" ");
    actions.forEach((action, i) => {
      it(`${role} · ${action} · own territory → ${row[i] === "Y" ? "allowed" : "denied"}`, () => {
        expect(can(actor(role), action, targets[action].own)).toBe(row[i] === "Y");
      });
      it(`${role} · ${action} · other territory → denied`, () => {
        expect(can(actor(role), action, targets[action].other)).toBe(false);
      });
    });
  }
});

describe("policy details", () => {
  it("a reporter reads its own organisation and the coordinating bodies above it, not other organisations", () => {
    const a = actor("organisation_reporter");
    expect(
      can(a, "registry.read", { kind: "organisation", bodyId: "org-almaty-1", territoryPath: ALMATY }),
    ).toBe(true);
    expect(can(a, "registry.read", { kind: "atc", bodyId: "atc", territoryPath: "KZ" })).toBe(true);
    expect(can(a, "registry.read", { kind: "state_body", bodyId: "x", territoryPath: "KZ" })).toBe(false);
    expect(
      can(a, "registry.update", { kind: "organisation", bodyId: "org-almaty-1", territoryPath: ALMATY }),
    ).toBe(true);
    expect(readFilters(a)).toHaveLength(2);
  });

  it("a district user reads the region's and national bodies (ancestors) but not a sibling district's", () => {
    const a: Actor = {
      userId: "u",
      grants: [{ role: "commission_member", bodyId: "c", territoryPath: `${ALMATY}/751710000` }],
    };
    expect(can(a, "registry.read", { kind: "state_body", territoryPath: ALMATY })).toBe(true);
    expect(can(a, "registry.read", { kind: "atc", territoryPath: "KZ" })).toBe(true);
    expect(can(a, "registry.read", { kind: "state_body", territoryPath: `${ALMATY}/751810000` })).toBe(false);
  });

  it("nobody creates or deletes the bodies made from the territory tree", () => {
    const a = actor("administrator");
    for (const kind of ["atc", "commission", "hq"] as const) {
      expect(can(a, "registry.create", { kind, territoryPath: ALMATY })).toBe(false);
      expect(can(a, "registry.delete", { kind, bodyId: "x", territoryPath: ALMATY })).toBe(false);
    }
  });

  it("a response-force coordinator edits response forces only", () => {
    const a = actor("response_force_coordinator");
    expect(can(a, "registry.update", { kind: "response_force", bodyId: "f", territoryPath: ALMATY })).toBe(
      true,
    );
    expect(can(a, "registry.update", { kind: "state_body", bodyId: "s", territoryPath: ALMATY })).toBe(false);
  });

  it("allowedActions lists record actions for the web app", () => {
    expect(allowedActions(actor("commission_secretary"), targets["membership.manage"].own)).toEqual([
      "registry.update",
      "membership.manage",
      "personal.read",
    ]);
    expect(allowedActions(actor("commission_member"), targets["membership.manage"].own)).toEqual([]);
  });
});

describe("assignments under control (R5)", () => {
  const t = (territoryPath: string, owner: string) => ({
    ownerBodyId: owner,
    territoryPath,
    executorBodyId: "police-almaty",
    coExecutorIds: ["akimat-almaty"],
    controllerBodyId: owner,
  });
  // read own territory / read another territory / act as controller, per role (all held in Almaty).
  const matrix: Record<Role, string> = {
    administrator: "Y - -",
    atc_coordinator: "Y - -",
    commission_secretary: "Y - Y",
    commission_member: "Y - Y",
    hq_officer: "- - -",
    organisation_reporter: "- - -",
    response_force_coordinator: "- - -",
    victim_support_officer: "Y - -",
    auditor: "Y - -",
  };
  it.each(roles)("%s", (role) => {
    const a = actor(role);
    const got = [
      canReadAssignment(a, t(ALMATY, COMMISSION_ALMATY)),
      canReadAssignment(a, t(ASTANA, COMMISSION_ASTANA)),
      canActAsController(a, t(ALMATY, COMMISSION_ALMATY)),
    ]
      .map((x) => (x ? "Y" : "-"))
      .join(" ");
    expect(got).toBe(matrix[role]);
    expect(canActAsExecutor(a, t(ALMATY, COMMISSION_ALMATY))).toBe(false);
  });
  it("the executor and co-executor bodies read it; only the executor reports; an auditor never acts", () => {
    const exec: Actor = {
      userId: "u",
      grants: [{ role: "commission_member", bodyId: "police-almaty", territoryPath: ALMATY }],
    };
    const co: Actor = {
      userId: "u",
      grants: [{ role: "organisation_reporter", bodyId: "akimat-almaty", territoryPath: ALMATY }],
    };
    const partner: Actor = {
      userId: "u",
      grants: [{ role: "organisation_reporter", bodyId: "partner-1", territoryPath: ALMATY }],
    };
    const aud: Actor = {
      userId: "u",
      grants: [{ role: "auditor", bodyId: "police-almaty", territoryPath: "KZ/x" }],
    };
    const target = t(ASTANA, COMMISSION_ASTANA);
    expect([canReadAssignment(exec, target), canActAsExecutor(exec, target)]).toEqual([true, true]);
    expect([canReadAssignment(co, target), canActAsExecutor(co, target)]).toEqual([true, false]);
    expect(canReadAssignment(partner, target)).toBe(false);
    expect([canReadAssignment(aud, target), canActAsExecutor(aud, target)]).toEqual([false, false]);
  });
});
