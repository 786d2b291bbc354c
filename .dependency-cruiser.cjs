/**
 * Module boundaries, checked by `npm test` (scripts/test.sh → `npm run check:boundaries`).
 * See docs/ARCHITECTURE.md, "Modules and their faces".
 *  - src/domain is pure: it imports nothing of the server, the web app or the CLI;
 *  - the web app imports nothing of the server or the CLI;
 *  - platform (src/server/platform) knows no module;
 *  - a module (src/server/modules/<name>) reaches another module only through its index.ts;
 *  - the entry (app, main, seed, CLI) reaches a module only through its index.ts;
 *  - no import cycles anywhere.
 * Tests and benchmarks may reach a module's internals (unit tests of a mechanism), never the other
 * way round.
 */
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "Import cycles make load order matter and hide which side owns a concept.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      comment: "src/domain is shared by server and web: plain TypeScript, no I/O, no server or web code.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { path: "^src/(server|web|cli)/" },
    },
    {
      name: "domain-no-io",
      comment: "src/domain does no I/O: no Node built-ins, no database or HTTP libraries.",
      severity: "error",
      from: { path: "^src/domain/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "web-not-server",
      comment: "The web app talks to the server over HTTP only (the generated client), never by import.",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/(server|cli)/" },
    },
    {
      name: "platform-knows-no-module",
      comment: "Platform receives what it needs from a module by injection in app.ts / main.ts.",
      severity: "error",
      from: { path: "^src/server/platform/" },
      to: { path: "^src/server/(modules/|app\\.ts|main\\.ts|seed/)" },
    },
    {
      name: "module-through-its-face",
      comment: "A module reaches another module only through that module's index.ts.",
      severity: "error",
      from: { path: "^src/server/modules/([^/]+)/" },
      to: {
        path: "^src/server/modules/[^/]+/",
        pathNot: ["^src/server/modules/$1/", "^src/server/modules/[^/]+/index\\.ts$"],
      },
    },
    {
      name: "entry-through-faces",
      comment: "The entry (app, main, seed, CLI) uses a module only through its index.ts.",
      severity: "error",
      from: { path: "^src/(server/[^/]+\\.ts$|server/seed/|cli/)" },
      to: { path: "^src/server/modules/[^/]+/", pathNot: "^src/server/modules/[^/]+/index\\.ts$" },
    },
    {
      name: "module-not-entry",
      comment: "Modules do not import the entry (app, main, seed, CLI).",
      severity: "error",
      from: { path: "^src/server/modules/" },
      to: { path: "^src/(server/[^/]+\\.ts$|server/seed/|cli/)" },
    },
  ],
  options: {
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    exclude: { path: "\\.mjs$" },
  },
};
