/** The page now lives in its feature folder; this path stays for the app's routes (App.tsx). */
export { PlanPage } from "../features/prevention/PlanPage";
export { PreventionPage } from "../features/prevention/PreventionPage";
