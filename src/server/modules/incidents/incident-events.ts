import type { IncidentTarget } from "../../../domain/policy";
import type { incident } from "./incidents.tables";

type IncidentRow = typeof incident.$inferSelect;

export const INCIDENT_CHANNEL = "incident";

/** What a board needs to hear of a change (no personal data, no description). */
export type IncidentEvent = IncidentTarget & {
  event: "reported" | "triaged" | "escalated";
  id: string;
  regNumber: string;
  type: string;
  status: string;
  hqBodyId: string;
  campaignId: string | null;
  at: string;
};

export const eventOf = (event: IncidentEvent["event"], r: IncidentRow): IncidentEvent => ({
  event,
  id: r.id,
  regNumber: r.regNumber,
  type: r.type,
  status: r.status,
  territoryPath: r.territoryPath,
  hqTerritoryPath: r.hqTerritoryPath,
  reporterBodyId: r.reporterBodyId,
  hqBodyId: r.hqBodyId,
  campaignId: r.campaignId,
  at: new Date().toISOString(),
});

export const targetOf = (r: IncidentRow): IncidentTarget => ({
  territoryPath: r.territoryPath,
  hqTerritoryPath: r.hqTerritoryPath,
  reporterBodyId: r.reporterBodyId,
});
