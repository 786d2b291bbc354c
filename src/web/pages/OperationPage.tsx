/** The page now lives in its feature folder; this path stays for the app's routes (App.tsx). */
export { OperationPage } from "../features/operations/OperationPage";
