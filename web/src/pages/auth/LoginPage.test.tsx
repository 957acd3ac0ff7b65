import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { pendingLogin } from "../../auth/pendingLogin";
import { json, problem, renderAt } from "../../test/render";
import { LoginPage } from "./LoginPage";

async function submit() {
  await userEvent.type(screen.getByLabelText("Email"), "alex@campus.local");
  await userEvent.type(screen.getByLabelText("Password"), "secret-password");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  pendingLogin.set(null);
  sessionStorage.clear();
});

describe("LoginPage", () => {
  it("explains a wrong email or password without saying which", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => problem(401, "invalid-credentials")));
    renderAt(<LoginPage />, { path: "/login" });
    await submit();
    expect(await screen.findByRole("alert")).toHaveTextContent(/do not match an active account/);
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("tells a rate-limited user how long to wait", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => problem(429, "too-many-requests", {}, { "Retry-After": "120" })));
    renderAt(<LoginPage />, { path: "/login" });
    await submit();
    expect(await screen.findByRole("alert")).toHaveTextContent("Try again in 2 minutes.");
  });

  it("shows a loading state, then goes to the code page with the challenge kept for this tab, never the password", async () => {
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal("fetch", vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))));
    renderAt(<LoginPage />, { path: "/login", at: "/login?next=%2Fstudent%2Ffeedback%2F7" });
    await submit();
    expect(screen.getByRole("button", { name: "Signing in…" })).toBeDisabled();
    answer(json(200, { mfa_required: true, mfa_token: "t-1", expires_in: 600, resend_after: 30 }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
    expect(pendingLogin.get()).toMatchObject({ mfaToken: "t-1", email: "alex@campus.local", next: "/student/feedback/7" });
    expect(window.localStorage.length).toBe(0);
    expect(Object.keys(window.sessionStorage)).toEqual(["campus.pendingLogin"]);
    const stored = window.sessionStorage.getItem("campus.pendingLogin") ?? "";
    expect(JSON.parse(stored)).toMatchObject({ mfaToken: "t-1", email: "alex@campus.local" });
    expect(stored).not.toContain("secret-password");
  });

  it("fills the address when sent back by start again, and focuses the password", () => {
    render(
      <MemoryRouter initialEntries={[{ pathname: "/login", state: { email: "alex@campus.local" } }]}>
        <LoginPage />
      </MemoryRouter>,
    );
    expect(screen.getByLabelText("Email")).toHaveValue("alex@campus.local");
    expect(screen.getByLabelText("Password")).toHaveFocus();
  });
});
