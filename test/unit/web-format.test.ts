/** The web's shared formatters speak the page's language: units and decimal separators (not "8.0 MB" on kk/ru pages). */
import { afterAll, describe, expect, it } from "vitest";
import { formatBytes, formatNumber } from "../../src/web/format";
import i18n from "../../src/web/i18n";

afterAll(async () => {
  await i18n.changeLanguage("kk");
});

describe("web formatters", () => {
  it("file sizes carry their unit in the page's language", async () => {
    await i18n.changeLanguage("kk");
    expect(formatBytes(8 * 1024 * 1024 + 40_000)).toBe("8 МБ");
    expect(formatBytes(2.5 * 1024 * 1024)).toBe("2,5 МБ");
    await i18n.changeLanguage("ru");
    expect(formatBytes(512 * 1024)).toBe("512 КБ");
    expect(formatBytes(12)).toBe("12 Б");
    await i18n.changeLanguage("en");
    expect(formatBytes(2.5 * 1024 * 1024)).toBe("2.5 MB");
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
  });
  it("decimals use a comma in kk and ru, a point in en", async () => {
    await i18n.changeLanguage("ru");
    expect(formatNumber(2.5)).toBe("2,5");
    expect(formatNumber(1234.56, 2)).toBe("1 234,56".replace(" ", "\u00a0"));
    await i18n.changeLanguage("en");
    expect(formatNumber(2.5)).toBe("2.5");
  });
});
