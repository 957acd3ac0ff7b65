/**
 * Light, dark or the system's theme. The choice is remembered in localStorage; what is shown is
 * `data-theme="light" | "dark"` on <html>, which styles.css reads. For "system" it follows
 * prefers-color-scheme, also when that changes while the page is open.
 */
import { useCallback, useEffect, useState } from "react";

export type ThemeChoice = "light" | "dark" | "system";
export type Theme = "light" | "dark";

export const THEME_KEY = "campus-theme";
export const THEME_CHOICES: { value: ThemeChoice; label: "theme.system" | "theme.light" | "theme.dark" }[] = [
  { value: "system", label: "theme.system" },
  { value: "light", label: "theme.light" },
  { value: "dark", label: "theme.dark" },
];

const DARK_QUERY = "(prefers-color-scheme: dark)";

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage refused (privacy settings): the choice lasts for this page only
  }
}

export function savedChoice(): ThemeChoice {
  const value = storage()?.getItem(THEME_KEY);
  return value === "light" || value === "dark" ? value : "system";
}

function systemTheme(): Theme {
  return typeof window.matchMedia === "function" && window.matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

export function resolve(choice: ThemeChoice): Theme {
  return choice === "system" ? systemTheme() : choice;
}

export function applyTheme(choice: ThemeChoice): Theme {
  const theme = resolve(choice);
  document.documentElement.dataset["theme"] = theme;
  return theme;
}

export function saveChoice(choice: ThemeChoice): void {
  const store = storage();
  if (choice === "system") store?.removeItem(THEME_KEY);
  else store?.setItem(THEME_KEY, choice);
}

/** The current choice and a setter that applies and remembers it. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(savedChoice);

  useEffect(() => {
    applyTheme(choice);
    if (choice !== "system" || typeof window.matchMedia !== "function") return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [choice]);

  const choose = useCallback((next: ThemeChoice) => {
    saveChoice(next);
    setChoice(next);
  }, []);
  return [choice, choose];
}

/**
 * The theme shown now ("light" or "dark"), updated when it changes, and "light" while printing (print
 * is black on white): for what CSS cannot colour, such as chart lines.
 */
export function useShownTheme(): Theme {
  const read = (): Theme =>
    document.documentElement.dataset["theme"] === "dark" && !printing() ? "dark" : "light";
  const [theme, setTheme] = useState<Theme>(read);
  useEffect(() => {
    const update = () => setTheme(read());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const print = typeof window.matchMedia === "function" ? window.matchMedia("print") : null;
    print?.addEventListener("change", update);
    window.addEventListener("beforeprint", update);
    window.addEventListener("afterprint", update);
    return () => {
      observer.disconnect();
      print?.removeEventListener("change", update);
      window.removeEventListener("beforeprint", update);
      window.removeEventListener("afterprint", update);
    };
  }, []);
  return theme;
}

let inPrint = false;
if (typeof window !== "undefined") {
  window.addEventListener("beforeprint", () => (inPrint = true));
  window.addEventListener("afterprint", () => (inPrint = false));
}

function printing(): boolean {
  return inPrint || (typeof window.matchMedia === "function" && window.matchMedia("print").matches);
}
