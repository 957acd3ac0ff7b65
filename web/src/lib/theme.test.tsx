import { act, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { applyTheme, savedChoice, THEME_KEY, useShownTheme, useTheme } from "./theme";

type Listener = () => void;

/** A matchMedia whose answer the test sets, and which tells its listeners when it changes. */
function systemPrefers(dark: boolean) {
  const listeners = new Set<Listener>();
  const media = {
    get matches() {
      return dark;
    },
    addEventListener: (_: string, listener: Listener) => listeners.add(listener),
    removeEventListener: (_: string, listener: Listener) => listeners.delete(listener),
  };
  vi.stubGlobal("matchMedia", vi.fn(() => media));
  return {
    change(next: boolean) {
      dark = next;
      listeners.forEach((listener) => listener());
    },
    listeners,
  };
}

const shown = () => document.documentElement.dataset["theme"];

beforeEach(() => localStorage.clear());
afterEach(() => {
  delete document.documentElement.dataset["theme"];
  vi.unstubAllGlobals();
});

describe("theme", () => {
  it("follows the system when nothing was chosen", () => {
    systemPrefers(true);
    expect(savedChoice()).toBe("system");
    expect(applyTheme("system")).toBe("dark");
    expect(shown()).toBe("dark");
  });

  it("ignores a stored value it does not know", () => {
    localStorage.setItem(THEME_KEY, "purple");
    expect(savedChoice()).toBe("system");
  });

  it("remembers a choice, and forgets it when the choice is system again", () => {
    systemPrefers(false);
    const { result } = renderHook(() => useTheme());
    expect(result.current[0]).toBe("system");
    expect(shown()).toBe("light");
    act(() => result.current[1]("dark"));
    expect(shown()).toBe("dark");
    expect(localStorage.getItem(THEME_KEY)).toBe("dark");
    act(() => result.current[1]("system"));
    expect(shown()).toBe("light");
    expect(localStorage.getItem(THEME_KEY)).toBeNull();
  });

  it("starts from the remembered choice", () => {
    systemPrefers(false);
    localStorage.setItem(THEME_KEY, "dark");
    renderHook(() => useTheme());
    expect(shown()).toBe("dark");
  });

  it("on system, changes with the system; on a fixed choice, does not", () => {
    const system = systemPrefers(false);
    const { result } = renderHook(() => useTheme());
    act(() => system.change(true));
    expect(shown()).toBe("dark");
    act(() => result.current[1]("light"));
    expect(system.listeners.size).toBe(0);
    act(() => system.change(true));
    expect(shown()).toBe("light");
  });
});

describe("useShownTheme", () => {
  it("says the theme on <html>, and light while printing", () => {
    let print = false;
    const listeners = new Set<Listener>();
    vi.stubGlobal(
      "matchMedia",
      vi.fn((query: string) => ({
        get matches() {
          return query === "print" ? print : false;
        },
        addEventListener: (_: string, listener: Listener) => listeners.add(listener),
        removeEventListener: (_: string, listener: Listener) => listeners.delete(listener),
      })),
    );
    document.documentElement.dataset["theme"] = "dark";
    const { result } = renderHook(() => useShownTheme());
    expect(result.current).toBe("dark");
    act(() => {
      print = true;
      listeners.forEach((listener) => listener());
    });
    expect(result.current).toBe("light");
  });
});
