/**
 * The translation layer: i18next with the English and Spanish catalogs (src/locales), the
 * language chosen by, in order, the account (once signed in, see `useAccountLanguage`), the last
 * choice in this browser (localStorage), the browser's languages, else English.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

import en from "./locales/en.json";
import es from "./locales/es.json";

export const LANGUAGES = ["en", "es"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";
/** What each language is called in itself, for the language choice. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: "English", es: "Español" };
const STORAGE_KEY = "campus.language";

export const resources = { en: { translation: en }, es: { translation: es } } as const;

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof en };
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** The supported language of a BCP 47 tag ("es-MX" → "es"), or null. */
export function languageOf(tag: string | null | undefined): Language | null {
  const base = (tag ?? "").toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : null;
}

function saved(): Language | null {
  try {
    return languageOf(localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

/** The language to start in: the last choice in this browser, else the browser's, else English. */
export function initialLanguage(): Language {
  const stored = saved();
  if (stored) return stored;
  const browser = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of browser) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

/** Switch the interface (and `<html lang>`) to `language`, remembered in this browser. */
export async function setLanguage(language: Language, { remember = true } = {}): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  if (i18next.language !== language) await i18next.changeLanguage(language);
}

/** Forget this browser's choice (the account went back to "the browser's language"). */
export function forgetLanguage(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

export function currentLanguage(): Language {
  return languageOf(i18next.language) ?? DEFAULT_LANGUAGE;
}

function syncHtmlLang(language: string): void {
  if (typeof document !== "undefined") document.documentElement.lang = languageOf(language) ?? DEFAULT_LANGUAGE;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES,
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false, // the catalogs are bundled: ready before the first render
});
syncHtmlLang(i18next.language);
i18next.on("languageChanged", syncHtmlLang);

export default i18next;

/** `t` outside components (libraries, default labels); components use `useTranslation()`. */
export const t = i18next.t.bind(i18next);
