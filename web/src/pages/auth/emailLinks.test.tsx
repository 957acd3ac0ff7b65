import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, Route, Routes } from "react-router";

import { ToastProvider } from "../../components/Toast";
import { json } from "../../test/render";
import { AcceptInvitePage } from "./AcceptInvitePage";
import { ForgotPasswordPage } from "./ForgotPasswordPage";
import { ResetPasswordPage } from "./ResetPasswordPage";

afterEach(() => vi.unstubAllGlobals());

function at(url: string) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <ToastProvider>
        <MemoryRouter initialEntries={[url]}>
          <Routes>
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
            <Route path="/accept-invite" element={<AcceptInvitePage />} />
          </Routes>
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe("pages opened from an email link", () => {
  it.each([
    ["/accept-invite?email=new.mentor%40campus.local", "new.mentor@campus.local"],
    ["/reset-password?email=alex%40campus.local", "alex@campus.local"],
    ["/forgot-password?email=alex%2Btag%40campus.local", "alex+tag@campus.local"],
  ])("%s fills in the address", (url, email) => {
    at(url);
    expect(screen.getByLabelText("Email")).toHaveValue(email);
  });

  it("the reset page opened from the email states no lifetime of its own (the email says 30 minutes)", () => {
    at("/reset-password?email=alex%40campus.local");
    const text = screen.getByTestId("code-lifetime").textContent ?? "";
    expect(text).toContain("The email says how long it works.");
    expect(text).not.toMatch(/\d/);
  });

  it("after asking for a code, the reset page says the lifetime the answer gave", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(202, { detail: "sent", expires_in: 1800 })));
    at("/forgot-password?email=alex%40campus.local");
    await userEvent.click(screen.getByRole("button", { name: "Send code" }));
    expect(await screen.findByTestId("code-lifetime")).toHaveTextContent("It works for 30 minutes.");
    expect(screen.getByLabelText("Email")).toHaveValue("alex@campus.local");
  });

  it("after asking for a code, with no lifetime in the answer, it says nothing numeric", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(202, { detail: "sent" })));
    at("/forgot-password");
    await userEvent.type(screen.getByLabelText("Email"), "alex@campus.local{Enter}");
    const text = (await screen.findByTestId("code-lifetime")).textContent ?? "";
    expect(text).not.toMatch(/\d/);
  });
});
