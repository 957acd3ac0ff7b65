import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt } from "../../test/render";
import { AcceptInvitePage } from "./AcceptInvitePage";

afterEach(() => vi.unstubAllGlobals());

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
      json(200, { id: "u1", email: "nia@school.example", name: "Nia Mentor", role: "mentor", status: "active" }),
    ];
    const fetch = vi.fn(async (_request: Request) => answers.shift()!);
    vi.stubGlobal("fetch", fetch);
    renderAt(<AcceptInvitePage />, { path: "/accept-invite", at: "/accept-invite?email=nia%40school.example" });
    await userEvent.type(screen.getByLabelText("6-digit code from the email"), "123456");
    await choose("Nia-Mentor-school-1");
    expect(await screen.findByRole("alert")).toHaveTextContent("built from your name or email");
    expect(screen.queryByLabelText("6-digit code from the email")).not.toBeInTheDocument();
    await choose("Quartz-Meadow-Lantern-93");
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
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
