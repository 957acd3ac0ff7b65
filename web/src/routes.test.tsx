import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryRouter, RouterProvider } from "react-router";

import type { FeedbackItem } from "./api/types";
import { AuthProvider } from "./auth/AuthProvider";
import { pendingLogin } from "./auth/pendingLogin";
import { session } from "./auth/session";
import { appRouteObjects } from "./routes";
import type { PrivateRoute } from "./routeTypes";
import { json, problem } from "./test/render";

function token(role: string, sub = "u-1"): string {
  const claims = btoa(JSON.stringify({ sub, role, email: `${role}@campus.local`, name: `A ${role}` }));
  return `h.${claims.replace(/=+$/, "")}.s`;
}

function feedback(overrides: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: "f-42",
    title: "Week 3 presentation",
    state: "published",
    student_id: "u-1",
    student_name: "Alex",
    mentor_id: "m-1",
    mentor_name: "Maria",
    cohort: null,
    scores: {},
    overall_rating: null,
    strengths: "Clear slides.",
    improvements: "",
    comments: "",
    rubric_version: 1,
    acknowledged_at: null,
    reply: null,
    replied_at: null,
    edited: false,
    created_at: "2026-11-30T10:00:00Z",
    updated_at: "2026-11-30T10:00:00Z",
    published_at: "2026-11-30T10:00:00Z",
    ...overrides,
  };
}

type Handler = (url: URL, request: Request | null) => Response | undefined;

/** A fetch that answers from `handler`, and 404s anything else (so a page never waits forever). */
function backend(handler: Handler) {
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
    const url = new URL(request.url);
    return handler(url, request) ?? problem(404, "not-found");
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

function app(at: string, extra: PrivateRoute[] = []) {
  const router = createMemoryRouter(appRouteObjects(extra), { initialEntries: [at] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return router;
}

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
  pendingLogin.set(null);
});

describe("/feedback/:id, the one address of a feedback", () => {
  it("a signed-out student goes through sign-in and the code, and lands on that feedback", async () => {
    let signedIn = false;
    backend((url, request) => {
      if (url.pathname === "/api/auth/refresh") return signedIn ? undefined : json(401, { status: 401 });
      if (url.pathname === "/api/auth/login")
        return json(200, { mfa_required: true, mfa_token: "t", expires_in: 600, resend_after: 30 });
      if (url.pathname === "/api/auth/login/mfa") {
        signedIn = true;
        return json(200, { access_token: token("student"), expires_in: 900 });
      }
      if (url.pathname === "/api/feedback/v1/feedback/f-42") {
        return request?.headers.get("Authorization") ? json(200, feedback()) : problem(401, "unauthorized");
      }
      return undefined;
    });
    const router = app("/feedback/f-42");
    expect(await screen.findByRole("heading", { name: "Sign in to Campus" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?next=%2Ffeedback%2Ff-42");
    await userEvent.type(screen.getByLabelText("Email"), "alex@campus.local");
    await userEvent.type(screen.getByLabelText("Password"), "a password{Enter}");
    expect(await screen.findByRole("heading", { name: "Enter your code" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("6-digit code"), "123456");
    expect(await screen.findByRole("heading", { name: "Week 3 presentation" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/feedback/f-42");
    expect(screen.getByRole("button", { name: "Acknowledge" })).toBeInTheDocument();
  });

  it("shows its own mentor the editor for a draft", async () => {
    session.signIn({ access_token: token("mentor", "m-1"), expires_in: 900 });
    backend((url) => {
      if (url.pathname === "/api/feedback/v1/feedback/f-42")
        return json(200, feedback({ state: "draft", published_at: null }));
      return undefined;
    });
    app("/feedback/f-42");
    expect(await screen.findByRole("heading", { name: "Write feedback" })).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("Week 3 presentation");
  });

  it("shows an admin the reader's view with the withdraw form", async () => {
    session.signIn({ access_token: token("admin", "a-1"), expires_in: 900 });
    backend((url) => {
      if (url.pathname === "/api/feedback/v1/feedback/f-42") return json(200, feedback());
      if (url.pathname === "/api/feedback/v1/feedback/f-42/history") return json(200, { revisions: [] });
      return undefined;
    });
    app("/feedback/f-42");
    expect(await screen.findByRole("heading", { name: "Week 3 presentation" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Withdraw this feedback" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Acknowledge" })).not.toBeInTheDocument();
  });

  it.each([
    ["student", "/student"],
    ["mentor", "/mentor"],
    ["admin", "/admin/feedback"],
  ])("/feedback opens a %s's feedback home", async (role, home) => {
    session.signIn({ access_token: token(role), expires_in: 900 });
    backend(() => json(200, { items: [], next_cursor: null }));
    const router = app("/feedback");
    await vi.waitFor(() => expect(router.state.location.pathname).toBe(home));
  });

  it.each(["/student/feedback/f-42", "/mentor/feedback/f-42"])("the older address %s redirects to it", async (old) => {
    session.signIn({ access_token: token("student"), expires_in: 900 });
    backend((url) => (url.pathname === "/api/feedback/v1/feedback/f-42" ? json(200, feedback()) : undefined));
    const router = app(old);
    expect(await screen.findByRole("heading", { name: "Week 3 presentation" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/feedback/f-42");
  });
});

describe("error boundaries", () => {
  function Broken(): never {
    throw new Error("TypeError at FeedbackPage.tsx:42 secret-internal-detail");
  }

  it("a page that throws shows a friendly page with a way back, in the app frame, and no stack trace", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    session.signIn({ access_token: token("student"), expires_in: 900 });
    backend(() => undefined);
    app("/broken", [{ path: "broken", element: <Broken /> }]);
    const page = await screen.findByTestId("error-page");
    expect(within(page).getByRole("heading", { name: "Something went wrong" })).toBeInTheDocument();
    expect(within(page).getByRole("link", { name: "Go to your start page" })).toHaveAttribute("href", "/");
    expect(within(page).getByRole("button", { name: "Try again" })).toBeInTheDocument();
    expect(document.body.textContent).not.toContain("secret-internal-detail");
    expect(document.body.textContent).not.toMatch(/at \w+ \(|\.tsx:\d+/);
    // The header (navigation, sign-out) stays, so the user is not stuck.
    expect(screen.getByTestId("signed-in-as")).toBeInTheDocument();
  });

  it("an unknown address is the not-found page", async () => {
    backend((url) => (url.pathname === "/api/auth/refresh" ? json(401, { status: 401 }) : undefined));
    app("/no/such/page");
    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();
  });
});
