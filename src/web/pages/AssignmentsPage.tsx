/** The page now lives in its feature folder; this path stays for the app's routes (App.tsx). */
export { AssignmentPage } from "../features/assignments/AssignmentPage";
export { AssignmentsPage } from "../features/assignments/AssignmentsPage";
export { DisciplinePage } from "../features/assignments/DisciplinePage";
