/** Consequences (R20–R23): the pages live in their feature folder; these are the app's routes (App.tsx). */
export { ActivationBoard as ConsequenceActivationPage } from "../features/consequences/ActivationBoard";
export { ConsequencesHome as ConsequencesPage } from "../features/consequences/ConsequencesHome";
export { PlanView as ConsequencePlanPage } from "../features/consequences/PlanView";
