/** The page now lives in its feature folder; this path stays for the app's routes (App.tsx). */
export { MeetingPage } from "../features/meetings/MeetingPage";
export { MeetingsPage } from "../features/meetings/MeetingsPage";
