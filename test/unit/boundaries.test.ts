/**
 * The module-boundary check (`npm run check:boundaries`, .dependency-cruiser.cjs) passes on the
 * sources and fails, naming the rule, on a tree that breaks each rule once
 * (test/fixtures/boundaries).
 */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");
const bin = resolve(root, "node_modules/.bin/depcruise");
const config = resolve(root, ".dependency-cruiser.cjs");

function cruise(cwd: string): { code: number; out: string } {
  try {
    const out = execFileSync(bin, ["src", "--config", config, "--output-type", "err"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { code: 0, out };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: `${x.stdout}${x.stderr}` };
  }
}

describe("module boundaries", () => {
  it("a tree that breaks every rule fails the check, each rule named", () => {
    const { code, out } = cruise(resolve(root, "test/fixtures/boundaries"));
    expect(code).not.toBe(0);
    const named = (rule: string, from: string, to: string) =>
      expect(out).toMatch(new RegExp(`${rule}: ${from.replace(/\./g, "\\.")} → ${to.replace(/\./g, "\\.")}`));
    named(
      "module-through-its-face",
      "src/server/modules/beta/beta.service.ts",
      "src/server/modules/alpha/alpha.service.ts",
    );
    named("entry-through-faces", "src/server/app.ts", "src/server/modules/beta/beta.service.ts");
    named("platform-knows-no-module", "src/server/platform/sessions.ts", "src/server/modules/alpha/index.ts");
    named("domain-is-pure", "src/domain/rules.ts", "src/server/platform/sessions.ts");
    expect(out).toMatch(/domain-no-io: src\/domain\/rules\.ts → (node:)?fs/);
    named("web-not-server", "src/web/page.ts", "src/server/app.ts");
    expect(out).toMatch(/no-cycles: src\/server\/modules\/gamma\/(one|two)\.ts/);
  }, 60_000);

  it("the sources pass", () => {
    const { code, out } = cruise(root);
    expect(out).toMatch(/no dependency violations found/);
    expect(code).toBe(0);
  }, 60_000);
});
