/** The page now lives in its feature folder; this path stays for the app's routes (App.tsx). */
export { BodyPage } from "../features/registry/BodyPage";
