// The wave planner's thread when the server runs from its TypeScript sources (tsx, the tests):
// register tsx in this thread, then load the entry. The bundle starts wave-worker.mjs instead.
import { register } from "tsx/esm/api";

register();
await import("./wave-worker.ts");
