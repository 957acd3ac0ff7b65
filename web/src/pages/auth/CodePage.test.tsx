import { act, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { pendingLogin } from "../../auth/pendingLogin";
import { problem, renderAt } from "../../test/render";
import { CodePage } from "./CodePage";

beforeEach(() => {
  const now = Date.now();
  pendingLogin.set({ email: "alex@campus.local", mfaToken: "t-1", expiresAt: now + 600_000, resendAt: now + 30_000, next: "/" });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  pendingLogin.set(null);
});

describe("CodePage", () => {
  it("shows the expiry countdown and the resend cooldown", () => {
    renderAt(<CodePage />, { path: "/login/code" });
    expect(screen.getByTestId("code-expiry")).toHaveTextContent(/^(10:00|9:59)$/);
    expect(screen.getByRole("button", { name: /Resend code in 30 seconds/ })).toBeDisabled();
    expect(screen.getByLabelText("6-digit code")).toHaveFocus();
  });

  it("says how many attempts are left after a wrong code", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => problem(401, "wrong-code", { attempts_left: 2 })));
    renderAt(<CodePage />, { path: "/login/code" });
    await userEvent.type(screen.getByLabelText("6-digit code"), "000000");
    expect(await screen.findByTestId("code-wrong")).toHaveTextContent("That code is not right. 2 attempts left.");
    expect(screen.getByLabelText("6-digit code")).toHaveValue("");
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
