/**
 * Names for the answers the web app shows, taken from the generated `paths` (src/web/api/schema.d.ts):
 * what the server's response schemas say, never written by hand.
 */
import type { paths } from "./schema";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** The JSON of an operation's success answer (200 or 201). */
type Success<Op> = Op extends { responses: infer R }
  ? R[Extract<keyof R, 200 | 201>] extends infer Ok
    ? Ok extends { content: { "application/json": infer J } }
      ? J
      : never
    : never
  : never;

/** The answer of `method path`, e.g. Answer<"/api/bodies/{id}", "get">. */
export type Answer<P extends keyof paths, M extends Method & keyof paths[P]> = Success<paths[P][M]>;

/** The JSON body of `method path`'s request. */
export type RequestBody<P extends keyof paths, M extends Method & keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

type Item<L> = L extends { items: (infer I)[] } ? I : never;

// Registry
export type BodySummary = Item<Answer<"/api/bodies", "get">>;
export type BodyDetail = Answer<"/api/bodies/{id}", "get">;
export type MembershipView = Answer<"/api/memberships/{id}", "patch">;
export type TerritoryView = Answer<"/api/territories/{code}", "get">;
export type GeoCollection = Answer<"/api/geo/regions", "get">;

// Account
export type MeResponse = Answer<"/api/auth/me", "get">;

// Response
export type IncidentView = Item<Answer<"/api/incidents", "get">>;
export type IncidentDetail = Answer<"/api/incidents/{id}", "get">;
export type IncidentPicture = Answer<"/api/incidents/picture", "get">;
export type CampaignView = Item<Answer<"/api/campaigns", "get">>;
export type OperationSummary = Item<Answer<"/api/operations", "get">>;
export type OperationDetail = Answer<"/api/operations/{id}", "get">;

// Prevention
export type PlanView = Item<Answer<"/api/plans", "get">>;
export type PlanDetail = Answer<"/api/plans/{id}", "get">;
export type PlanImportReport = Answer<"/api/plans/{id}/import", "post">;
export type MeasureReport = Item<Answer<"/api/plans/{id}/reports", "get">>;
export type MeetingView = Item<Answer<"/api/meetings", "get">>;
export type MeetingDetail = Answer<"/api/meetings/{id}", "get">;
export type AssignmentView = Item<Answer<"/api/assignments", "get">>;
export type AssignmentDetail = Answer<"/api/assignments/{id}", "get">;
export type ExerciseView = Item<Answer<"/api/exercises", "get">>;
export type DashboardView = Answer<"/api/prevention/dashboard", "get">;

/** The query parameters of `method path`. */
export type Query<P extends keyof paths, M extends Method & keyof paths[P]> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

// Threat levels
export type ThreatDeclarationView = Item<Answer<"/api/threat-levels", "get">>;
export type TerritoryLevelView = Item<Answer<"/api/threat-levels/mine", "get">>;
export type ThreatTaskView = Item<Answer<"/api/threat-level-tasks/mine", "get">>;
