/** Headless Chromium through playwright-core, using Debian's chromium (never a downloaded browser). */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error("Chromium not found: run scripts/ensure-chromium.sh (installs Debian's chromium)");
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
}
