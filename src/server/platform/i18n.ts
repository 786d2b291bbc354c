/** Server-side messages (errors, validation) in kk, ru, en. */
import type { Locale } from "../../domain/contracts/common";
import en from "../i18n/en.json" with { type: "json" };
import kk from "../i18n/kk.json" with { type: "json" };
import ru from "../i18n/ru.json" with { type: "json" };

const catalogues: Record<Locale, unknown> = { kk, ru, en };

export function pickLocale(acceptLanguage: string | undefined, fallback: Locale = "kk"): Locale {
  if (!acceptLanguage) return fallback;
  for (const part of acceptLanguage.split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "kk" || tag === "ru" || tag === "en") return tag;
  }
  return fallback;
}

export function t(locale: Locale, key: string, vars: Record<string, string | number> = {}): string {
  let node: unknown = catalogues[locale];
  for (const k of key.split(".")) node = (node as Record<string, unknown> | undefined)?.[k];
  if (typeof node !== "string") {
    if (locale !== "en") return t("en", key, vars);
    return key;
  }
  return node.replace(/\{\{(\w+)\}\}/g, (_, v) => String(vars[v] ?? ""));
}
