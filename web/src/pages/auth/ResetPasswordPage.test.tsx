import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { problem, renderAt } from "../../test/render";
import { ResetPasswordPage } from "./ResetPasswordPage";

afterEach(() => vi.unstubAllGlobals());

async function fill(password: string, repeat: string) {
  await userEvent.type(screen.getByLabelText("6-digit code from the email"), "123456");
  await userEvent.type(screen.getByLabelText("New password"), password);
  await userEvent.type(screen.getByLabelText("Repeat the new password"), repeat);
}

describe("ResetPasswordPage", () => {
  it("takes the email from the link and refuses two different passwords", async () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    renderAt(<ResetPasswordPage />, { path: "/reset-password", at: "/reset-password?email=alex%40campus.local" });
    expect(screen.getByLabelText("Email")).toHaveValue("alex@campus.local");
    await fill("Quartz-Meadow-Lantern-93", "Quartz-Meadow-Lantern-39");
    expect(screen.getByText("The two passwords are not the same.")).toBeInTheDocument();
    expect(screen.getByLabelText("Repeat the new password")).toHaveAttribute("aria-invalid", "true");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("shows the password policy's reason in words", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => problem(422, "weak-password", { detail: "This password is too easy to guess: it contains your name." })),
    );
    renderAt(<ResetPasswordPage />, { path: "/reset-password", at: "/reset-password?email=alex%40campus.local" });
    await fill("alex-rivera-2026", "alex-rivera-2026");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("too easy to guess: it contains your name");
  });

  it("sends the user to sign in once the password is set", async () => {
    const fetch = vi.fn(async (_request: Request) => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetch);
    renderAt(<ResetPasswordPage />, { path: "/reset-password", at: "/reset-password?email=alex%40campus.local" });
    await fill("Quartz-Meadow-Lantern-93", "Quartz-Meadow-Lantern-93");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
    const sent = fetch.mock.calls[0]![0];
    expect(new URL(sent.url).pathname).toBe("/api/auth/password/reset/confirm");
    expect(await sent.json()).toEqual({ email: "alex@campus.local", code: "123456", new_password: "Quartz-Meadow-Lantern-93" });
  });

  it("keeps the person on the form with the grant when only the password is refused", async () => {
    const answers = [
      problem(422, "weak-password", {
        detail: "This password is too easy to guess: it is built from your name or email. Choose another password.",
        grant: "g".repeat(43),
        grant_expires_in: 600,
      }),
      new Response(null, { status: 204 }),
    ];
    const fetch = vi.fn(async (_request: Request) => answers.shift()!);
    vi.stubGlobal("fetch", fetch);
    renderAt(<ResetPasswordPage />, { path: "/reset-password", at: "/reset-password?email=alex%40campus.local" });
    await fill("Alex-Rivera-campus-1", "Alex-Rivera-campus-1");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    const message = await screen.findByRole("alert");
    expect(message).toHaveTextContent("built from your name or email");
    const field = screen.getByLabelText("New password");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toContain(message.id);
    expect(field).toHaveValue("");
    expect(screen.queryByLabelText("6-digit code from the email")).not.toBeInTheDocument();
    expect(screen.getByTestId("code-verified")).toHaveTextContent("no new code needed");
    await userEvent.type(field, "Quartz-Meadow-Lantern-93");
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "Quartz-Meadow-Lantern-93");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
    expect(await fetch.mock.calls[1]![0].json()).toEqual({
      email: "alex@campus.local",
      grant: "g".repeat(43),
      new_password: "Quartz-Meadow-Lantern-93",
    });
  });

  it("asks for the code again when the tries are used up or the grant expired", async () => {
    const answers = [
      problem(422, "weak-password", { detail: "Built from your name. Choose another password.", grant: "g".repeat(43) }),
      problem(400, "code-invalid", { detail: "This code is not valid any more. Ask for a new one." }),
    ];
    vi.stubGlobal("fetch", vi.fn(async () => answers.shift()!));
    renderAt(<ResetPasswordPage />, { path: "/reset-password", at: "/reset-password?email=alex%40campus.local" });
    await fill("Alex-Rivera-campus-1", "Alex-Rivera-campus-1");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    await screen.findByTestId("code-verified");
    await userEvent.type(screen.getByLabelText("New password"), "Quartz-Meadow-Lantern-93");
    await userEvent.type(screen.getByLabelText("Repeat the new password"), "Quartz-Meadow-Lantern-93");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Ask for a new one");
    expect(screen.getByLabelText("6-digit code from the email")).toHaveValue("");
  });
});
