/**
 * The prevention module's public face (Rules ch. 2, R5–R13): commissions' plans of measures,
 * meetings and their protocol decisions, assignments under control with the control job,
 * exercises, quarterly execution reports and the roll-up dashboard.
 */
export { startControlJob } from "./assignments.control";
export {
  type ControlledAssignmentInput,
  type ControlledAssignmentState,
  controlledAssignmentStates,
  createControlledAssignments,
  overdueBySourceUnder,
} from "./controlled-assignments";
export { type DecisionRef, signedDecision, signedDecisions } from "./decision-lookups";
export { seedSignedDecision } from "./demo-decision.seed";
export { type DemoYearResult, seedDemoYear } from "./demo-year.seed";
export { type ExerciseRef, exercisesAround, readableExercises } from "./exercise-lookups";
export { seedNational } from "./national.seed";
export { notifyBodyUsers } from "./notify-others";
export { preventionRoutes } from "./prevention.routes";
