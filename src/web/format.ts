/** Display helpers: names in the current language, dates in Asia/Almaty. */
import { ALMATY_TZ, almatyMinute } from "../domain/almaty-time";
import type { Names } from "../domain/contracts/common";
import i18n from "./i18n";

export { ALMATY_TZ };

export function nameOf(n: Names | undefined | null): string {
  if (!n) return "";
  const l = i18n.language as keyof Names;
  return n[l] || n.ru || n.kk;
}

/**
 * One format everywhere, in every language: dd.mm.yyyy HH:mm in Almaty time ("25.11.2026 03:42"), no
 * seconds (ICU's kk data renders "2026 M11 25" in some browsers, so the numeric pattern is built here).
 */
export function formatDateTime(iso: string): string {
  return formatMinute(iso);
}

/** A calendar date as stored ("2026-12-25", or an ISO instant's Almaty day) → "25.12.2026"; "" for none. */
export function formatDay(d: string | null | undefined): string {
  if (!d) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  return formatMinute(d).slice(0, 10);
}

/** A local date-time input value (Almaty) → ISO UTC. Almaty is UTC+5 all year. */
export function almatyInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  return new Date(`${v}:00+05:00`).toISOString();
}

/** "25.11.2026 03:42" in Almaty time: dd.mm.yyyy HH:mm in every language (domain/almaty-time.ts). */
export const formatMinute = (iso: string): string => almatyMinute(iso);

/** A decimal number in the page's language: "2,5" in kk and ru, "2.5" in en. */
export function formatNumber(n: number, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(i18n.language === "en" ? "en-GB" : "ru-RU", { maximumFractionDigits }).format(
    n,
  );
}

/** A file size with its unit in the page's language ("8 МБ", "512 КБ"). */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024)
    return i18n.t("units.megabytes", { n: formatNumber(n / 1024 / 1024, n >= 10 * 1024 * 1024 ? 0 : 1) });
  if (n >= 1024) return i18n.t("units.kilobytes", { n: formatNumber(Math.round(n / 1024), 0) });
  return i18n.t("units.bytes", { n: String(n) });
}
