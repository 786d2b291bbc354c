/** Display helpers: names in the current language, dates in Asia/Almaty. */
import type { Names } from "../domain/contracts/common";
import i18n from "./i18n";

export const ALMATY_TZ = "Asia/Almaty";

export function nameOf(n: Names | undefined | null): string {
  if (!n) return "";
  const l = i18n.language as keyof Names;
  return n[l] || n.ru || n.kk;
}

export function formatDateTime(iso: string): string {
  const locale = i18n.language === "kk" ? "kk-KZ" : i18n.language === "ru" ? "ru-RU" : "en-GB";
  return new Intl.DateTimeFormat(locale, {
    timeZone: ALMATY_TZ,
    dateStyle: "medium",
    timeStyle: "medium",
  }).format(new Date(iso));
}

/** A local date-time input value (Almaty) → ISO UTC. Almaty is UTC+5 all year. */
export function almatyInputToIso(v: string): string | undefined {
  if (!v) return undefined;
  return new Date(`${v}:00+05:00`).toISOString();
}
