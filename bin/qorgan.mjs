#!/usr/bin/env node
// The qorgan command: TypeScript sources run through tsx (no separate build step for the server).
// A production install has no tsx (a dev dependency, `npm ci --omit=dev`): it runs the built bundle.
let tsx;
try {
  tsx = await import("tsx/esm/api");
} catch {
  tsx = null;
}
if (tsx) {
  tsx.register();
  await import("../src/cli/main.ts");
} else {
  await import("../dist/server/qorgan.mjs");
}
