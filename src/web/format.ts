/** Display helpers: names in the current language, dates in Asia/Almaty. */
import type { Names } from "../domain/contracts/common";
import i18n from "./i18n";

export const ALMATY_TZ = "Asia/Almaty";

export function nameOf(n: Names | undefined | null): string {
  if (!n) return "";
  const l = i18n.language as keyof Names;
  return n[l] || n.ru || n.kk;
}

/** "25.11.2026, 03:42:48" in Almaty time. Kazakh uses the same numeric pattern as Russian (ICU's
 * kk data renders "2026 M11 25" in some browsers). English: "25/11/2026, 03:42:48". */
export function formatDateTime(iso: string): string {
  const locale = i18n.language === "en" ? "en-GB" : "ru-RU";
  return new Intl.DateTimeFormat(locale, {
    timeZone: ALMATY_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** A local date-time input value (Almaty) → ISO UTC. Almaty is UTC+5 all year. */
export function almatyInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  return new Date(`${v}:00+05:00`).toISOString();
}

/** "25.11.2026 03:42" in Almaty time: dd.mm.yyyy HH:mm (English: "25/11/2026 03:42"). */
export function formatMinute(iso: string): string {
  const locale = i18n.language === "en" ? "en-GB" : "ru-RU";
  return new Intl.DateTimeFormat(locale, {
    timeZone: ALMATY_TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  })
    .format(new Date(iso))
    .replace(",", "");
}
