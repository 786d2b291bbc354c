/** i18next with the three catalogues; Kazakh is the default, the choice is remembered. */
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../domain/contracts/common";
import en from "./i18n/en.json";
import kk from "./i18n/kk.json";
import ru from "./i18n/ru.json";

const STORAGE_KEY = "qorgan.locale";
export const LOCALES: Locale[] = ["kk", "ru", "en"];

export function storedLocale(): Locale {
  const v = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  return v === "ru" || v === "en" || v === "kk" ? v : "kk";
}

export function rememberLocale(l: Locale) {
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
}

void i18n.use(initReactI18next).init({
  resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
  lng: storedLocale(),
  fallbackLng: "kk",
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
