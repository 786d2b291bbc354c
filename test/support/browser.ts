/** Headless Chromium through playwright-core, using Debian's chromium (never a downloaded browser). */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { DEMO_PASSWORD } from "../../src/server/seed/demo-accounts";

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

/** A demo user signed in through the sign-in page, in Russian, in a context of its own (Almaty time). */
export async function signInPage(browser: Browser, baseUrl: string, username: string): Promise<Page> {
  const context = await browser.newContext({ locale: "ru-RU", timezoneId: "Asia/Almaty" });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(baseUrl);
  await page.getByTestId("lang-ru").click();
  await page.getByTestId("signin-username").fill(username);
  await page.getByTestId("signin-password").fill(DEMO_PASSWORD);
  await page.getByTestId("signin-submit").click();
  await page.getByTestId("current-user").waitFor();
  return page;
}
