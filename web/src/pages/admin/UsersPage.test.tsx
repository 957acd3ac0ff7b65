import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import userEvent from "@testing-library/user-event";

import { ToastProvider } from "../../components/Toast";
import i18n from "../../i18n";
import { json, renderAt, stubFetch, type Seen } from "../../test/render";
import { UsersPage } from "./UsersPage";

const LUCIA = {
  id: "u-1",
  name: "Lucía García",
  email: "lucia@school.example",
  role: "mentor",
  status: "active",
  locale: null,
  created_at: "2026-10-01T10:00:00Z",
  last_login_at: null,
};

function serve(): Seen[] {
  return stubFetch(({ query }) => {
    const q = query.get("q");
    const users = !q || q === "garcia" ? [LUCIA] : [];
    return json(200, { users, total: users.length, limit: 25, offset: 0 });
  });
}

function show() {
  renderAt(
    <ToastProvider>
      <UsersPage />
    </ToastProvider>,
  );
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage("en");
});

describe("UsersPage", () => {
  it("searches by part of a name, and says so", async () => {
    const asked = serve();
    show();
    const search = screen.getByRole("searchbox", { name: "Search by name or email" });
    expect(search).toHaveAccessibleDescription("Part of a name or email is enough; case and accents do not matter.");
    await userEvent.type(search, "garcia");
    await waitFor(() => expect(asked.some(({ query }) => query.get("q") === "garcia")).toBe(true));
    expect((await screen.findAllByText("Lucía García")).length).toBeGreaterThan(0);
    await userEvent.type(search, "z");
    expect(await screen.findByText("No user matches.")).toBeInTheDocument();
  });

  it("speaks Spanish, roles and statuses included", async () => {
    serve();
    await i18n.changeLanguage("es");
    show();
    expect(screen.getByRole("heading", { name: "Usuarios", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Buscar por nombre o correo" })).toBeInTheDocument();
    expect(await screen.findByLabelText("Rol de Lucía García")).toHaveDisplayValue("mentor");
    expect(screen.getAllByText("activo").some((e) => e.classList.contains("badge"))).toBe(true);
    expect(screen.getByRole("button", { name: /^Cerrar sesiones ?de Lucía García$/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Enviar invitación" })).toBeInTheDocument();
  });
});
