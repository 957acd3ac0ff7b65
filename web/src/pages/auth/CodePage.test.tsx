import { act, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { pendingLogin } from "../../auth/pendingLogin";
import { problem, renderAt } from "../../test/render";
import { CodePage } from "./CodePage";
import { LoginPage } from "./LoginPage";

beforeEach(() => {
  const now = Date.now();
  pendingLogin.set({ email: "alex@campus.local", mfaToken: "t-1", expiresAt: now + 600_000, resendAt: now + 30_000, next: "/" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  pendingLogin.set(null);
  sessionStorage.clear();
});

describe("CodePage", () => {
  it("shows the expiry countdown and the resend cooldown", () => {
    renderAt(<CodePage />, { path: "/login/code" });
    expect(screen.getByTestId("code-expiry")).toHaveTextContent(/^(10:00|9:59)$/);
    expect(screen.getByRole("button", { name: /Resend code in 30 seconds/ })).toBeDisabled();
    expect(screen.getByLabelText("6-digit code")).toHaveFocus();
  });

  it("says how many attempts are left after a wrong code, focus back in the field with it selected", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => problem(401, "wrong-code", { attempts_left: 2 })));
    renderAt(<CodePage />, { path: "/login/code" });
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    expect(await screen.findByTestId("code-wrong")).toHaveTextContent("That code is not right. 2 attempts left.");
    const field = screen.getByLabelText<HTMLInputElement>("6-digit code");
    expect(field).toBeEnabled();
    expect(field).toHaveFocus();
    expect(field).toHaveValue("000000");
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 6]);
    // Typing replaces the selected wrong code.
    await userEvent.keyboard("1");
    expect(field).toHaveValue("1");
  });

  it("checks the same code again when it is entered again over the selection", async () => {
    const fetch = vi.fn(async () => problem(401, "wrong-code", { attempts_left: 2 }));
    vi.stubGlobal("fetch", fetch);
    renderAt(<CodePage />, { path: "/login/code" });
    const field = screen.getByLabelText<HTMLInputElement>("6-digit code");
    await userEvent.type(field, "000000");
    await screen.findByTestId("code-wrong");
    await vi.waitFor(() => expect(field).toHaveFocus());
    fetch.mockImplementation(async () => problem(401, "wrong-code", { attempts_left: 1 }));
    // Pasting or autofilling the whole same code at once: the value does not change.
    fireEvent.input(field, { target: { value: "000000" } });
    // The earlier message stays until the second answer replaces it: wait for its words.
    await vi.waitFor(() =>
      expect(screen.getByTestId("code-wrong")).toHaveTextContent("1 attempt left."),
    );
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("keeps the pending sign-in across a reload, without the password", () => {
    const stored = sessionStorage.getItem("campus.pendingLogin");
    expect(stored).not.toBeNull();
    expect(stored).not.toMatch(/password/i);
    // A reload empties memory; the page reads the stored state back.
    vi.resetModules();
    return import("../../auth/pendingLogin").then(({ pendingLogin: fresh }) => {
      expect(fresh.get()).toMatchObject({ email: "alex@campus.local", mfaToken: "t-1", next: "/" });
    });
  });

  it("drops a stored pending sign-in once it has expired", async () => {
    const expired = { email: "alex@campus.local", mfaToken: "t-old", expiresAt: Date.now() - 1, resendAt: 0, next: "/" };
    sessionStorage.setItem("campus.pendingLogin", JSON.stringify(expired));
    vi.resetModules();
    const { pendingLogin: fresh } = await import("../../auth/pendingLogin");
    expect(fresh.get()).toBeNull();
    expect(sessionStorage.getItem("campus.pendingLogin")).toBeNull();
  });

  it("start again keeps the address in the login form", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => problem(410, "login-again", { detail: "Log in again." })));
    render(
      <MemoryRouter initialEntries={["/login/code"]}>
        <Routes>
          <Route path="/login/code" element={<CodePage />} />
          <Route path="/login" element={<LoginPage />} />
        </Routes>
      </MemoryRouter>,
    );
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    await userEvent.click(await screen.findByRole("button", { name: "Start again" }));
    expect(await screen.findByLabelText("Email")).toHaveValue("alex@campus.local");
    expect(screen.getByLabelText("Password")).toHaveFocus();
    expect(pendingLogin.get()).toBeNull();
  });

  it("ends the login when the code can no longer be used, and offers to start again", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => problem(410, "login-again", { detail: "This code can no longer be used. Log in again." })),
    );
    renderAt(<CodePage />, { path: "/login/code" });
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    expect(await screen.findByTestId("code-dead")).toHaveTextContent("This code can no longer be used.");
    expect(screen.getByRole("button", { name: "Start again" })).toBeInTheDocument();
  });

  it("tells the user what to do when the code expired", () => {
    vi.useFakeTimers({ shouldAdvanceTime: false });
    renderAt(<CodePage />, { path: "/login/code" });
    act(() => {
      vi.advanceTimersByTime(601_000);
    });
    expect(screen.getByTestId("code-dead")).toHaveTextContent("The code has expired.");
  });

  it("sends a user who reloaded the page (no challenge in memory) back to log in", () => {
    pendingLogin.set(null);
    renderAt(<CodePage />, { path: "/login/code" });
    expect(screen.getByTestId("navigated")).toBeInTheDocument();
  });
});
