/** The page now lives in its feature folder; this path stays for the app's lazy route (App.tsx). */
export { default } from "../features/dashboard/DashboardPage";
