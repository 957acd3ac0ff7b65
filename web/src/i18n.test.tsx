import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ToastProvider } from "./components/Toast";
import i18n, { currentLanguage, initialLanguage, languageOf, setLanguage } from "./i18n";
import { formatDate, formatNumber } from "./lib/format";
import { formatWait } from "./lib/problem";
import { AccountPage } from "./pages/account/AccountPage";
import { json, renderAt } from "./test/render";

afterEach(async () => {
  localStorage.clear();
  await setLanguage("en", { remember: false });
});

function languages(list: string[]) {
  vi.spyOn(navigator, "languages", "get").mockReturnValue(list);
}

describe("the starting language", () => {
  it("is the first of the browser's languages the app speaks", () => {
    languages(["fr-FR", "es-MX", "en"]);
    expect(initialLanguage()).toBe("es");
  });

  it("is English when the browser asks for none of ours", () => {
    languages(["fr-FR", "de"]);
    expect(initialLanguage()).toBe("en");
  });

  it("is the choice remembered in this browser before the browser's", async () => {
    languages(["en-US"]);
    await setLanguage("es");
    expect(initialLanguage()).toBe("es");
  });

  it.each([
    ["es-ES", "es"],
    ["ES", "es"],
    ["en_GB", "en"],
    ["pt", null],
    ["", null],
  ])("reads %s as %s", (tag, language) => {
    expect(languageOf(tag)).toBe(language);
  });
});

describe("switching language", () => {
  it("keeps <html lang> right", async () => {
    await setLanguage("es");
    expect(document.documentElement.lang).toBe("es");
    await setLanguage("en");
    expect(document.documentElement.lang).toBe("en");
  });

  it("formats dates, numbers and waits in the active language", async () => {
    const date = "2026-12-03T10:00:00Z";
    expect(formatDate(date)).toBe("Dec 3, 2026");
    expect(formatNumber(3.5)).toBe("3.5");
    expect(formatWait(120)).toBe("2 minutes");
    await setLanguage("es");
    expect(currentLanguage()).toBe("es");
    expect(formatDate(date)).toBe("3 dic 2026");
    expect(formatNumber(3.5)).toBe("3,5");
    expect(formatWait(1)).toBe("1 segundo");
    expect(i18n.t("code.attemptsLeft", { count: 2 })).toBe("Te quedan 2 intentos.");
  });
});

describe("the account's language choice", () => {
  function backend() {
    const patches: unknown[] = [];
    let locale: string | null = null;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"));
        const url = new URL(request.url);
        if (url.pathname.endsWith("/preferences/me")) {
          return json(200, {
            kinds: { feedback_published: "immediate", feedback_message: "immediate" },
            time_zone: null,
            digest_hour: 17,
          });
        }
        if (url.pathname.endsWith("/me")) {
          if (request.method === "PATCH") {
            const body = (await request.json()) as { locale: string | null };
            patches.push(body);
            locale = body.locale;
          }
          return json(200, { id: "u-1", email: "ana@campus.local", name: "Ana", role: "student", locale });
        }
        return json(200, { sessions: [] });
      }),
    );
    return patches;
  }

  it("saves Spanish on the account and switches the page to it; the browser's language undoes it", async () => {
    languages(["en-US"]);
    const patches = backend();
    renderAt(
      <ToastProvider>
        <AccountPage />
      </ToastProvider>,
    );
    const choice = await screen.findByLabelText("Language of the app and its emails");
    expect(choice).toHaveValue("");
    await userEvent.selectOptions(choice, "es");
    expect(await screen.findByRole("heading", { level: 1, name: "Cuenta" })).toBeInTheDocument();
    expect(patches).toEqual([{ locale: "es" }]);
    expect(document.documentElement.lang).toBe("es");
    expect(localStorage.getItem("campus.language")).toBe("es");

    await userEvent.selectOptions(screen.getByLabelText("Idioma de la aplicación y de sus correos"), "");
    expect(await screen.findByRole("heading", { level: 1, name: "Account" })).toBeInTheDocument();
    expect(patches).toEqual([{ locale: "es" }, { locale: null }]);
    expect(localStorage.getItem("campus.language")).toBeNull();
  });
});
