/**
 * Prevention routes (Rules ch. 2, R5–R13), one plugin per sub-area: plans, meetings, assignments,
 * execution reports and the dashboard, exercises.
 */
import type { FastifyInstance } from "fastify";
import type { Database } from "../../platform/db";
import { assignmentRoutes } from "./assignments.routes";
import { decisionRoutes } from "./decisions.routes";
import { exerciseRoutes } from "./exercises.routes";
import { meetingRoutes } from "./meetings.routes";
import { planRoutes } from "./plans.routes";
import { reportRoutes } from "./reports.routes";

export async function preventionRoutes(app: FastifyInstance, deps: { database: Database }) {
  await app.register(planRoutes, deps);
  await app.register(meetingRoutes, deps);
  await app.register(assignmentRoutes, deps);
  await app.register(reportRoutes, deps);
  await app.register(exerciseRoutes, deps);
  await app.register(decisionRoutes, deps);
}
