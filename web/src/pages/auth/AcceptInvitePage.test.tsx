import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { session } from "../../auth/session";
import { ToastProvider } from "../../components/Toast";
import { json, problem } from "../../test/render";
import { AcceptInvitePage } from "./AcceptInvitePage";

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
});

const NIA = { id: "u1", email: "nia@school.example", name: "Nia Mentor", role: "mentor", status: "active" };

async function choose(password: string) {
  await userEvent.type(screen.getByLabelText("New password", { exact: true }), password);
  await userEvent.type(screen.getByLabelText("Repeat the new password"), password);
  await userEvent.click(screen.getByRole("button", { name: "Set password" }));
}

describe("AcceptInvitePage", () => {
  it("takes another password with the grant instead of a new code", async () => {
    const answers = [
      problem(422, "weak-password", {
        detail: "This password is too easy to guess: it is built from your name or email. Choose another password.",
        grant: "h".repeat(43),
      }),
      json(200, { access_token: "a.b.c", token_type: "Bearer", expires_in: 900, user: NIA }),
    ];
    const fetch = vi.fn(async (_request: Request) => answers.shift()!);
    vi.stubGlobal("fetch", fetch);
    render(
      <MemoryRouter initialEntries={["/accept-invite?email=nia%40school.example"]}>
        <ToastProvider>
          <Routes>
            <Route path="/accept-invite" element={<AcceptInvitePage />} />
            <Route path="*" element={<p data-testid="navigated" />} />
          </Routes>
        </ToastProvider>
      </MemoryRouter>,
    );
    await userEvent.type(screen.getByLabelText("6-digit code from the email"), "123456");
    await choose("Nia-Mentor-school-1");
    expect(await screen.findByRole("alert")).toHaveTextContent("built from your name or email");
    expect(screen.queryByLabelText("6-digit code from the email")).not.toBeInTheDocument();
    await choose("Quartz-Meadow-Lantern-93");
    // The answer signs Nia in: the app goes home with her session, and says so.
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
    expect(session.currentUser).toMatchObject({ email: "nia@school.example", role: "mentor" });
    expect(session.accessToken).toBe("a.b.c");
    expect(screen.getByRole("status")).toHaveTextContent("Your account is ready and you are signed in.");
    expect(await fetch.mock.calls[0]![0].json()).toEqual({
      email: "nia@school.example",
      code: "123456",
      password: "Nia-Mentor-school-1",
    });
    expect(await fetch.mock.calls[1]![0].json()).toEqual({
      email: "nia@school.example",
      grant: "h".repeat(43),
      password: "Quartz-Meadow-Lantern-93",
    });
  });
});
