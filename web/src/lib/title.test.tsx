import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { FeedbackItem } from "../api/types";
import { AuthProvider } from "../auth/AuthProvider";
import { session } from "../auth/session";
import { appRouteObjects, privateRoutes, publicRoutes } from "../routes";
import { json, problem } from "../test/render";
import { feedbackIdOf, formatTitle, ROUTE_TITLES, routeTitle } from "./title";

function token(role: string, sub = "u-1"): string {
  const claims = btoa(JSON.stringify({ sub, role, email: `${role}@campus.local`, name: `A ${role}` }));
  return `h.${claims.replace(/=+$/, "")}.s`;
}

const FEEDBACK = {
  id: "f-8",
  title: "Week 8 review",
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
} satisfies FeedbackItem;

function app(at: string) {
  const router = createMemoryRouter(appRouteObjects(), { initialEntries: [at] });
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
  document.title = "";
});

describe("formatTitle", () => {
  it("puts the page first and the app last", () => {
    expect(formatTitle("Sign in")).toBe("Sign in · Campus");
    expect(formatTitle("  ")).toBe("Campus");
    expect(formatTitle(null)).toBe("Campus");
  });
});

describe("routeTitle", () => {
  it("gives every route of the app a title of its own", () => {
    const paths = [...publicRoutes, ...privateRoutes].map((route) => route.path).filter((path) => path !== "*");
    expect(paths.length).toBeGreaterThan(10);
    for (const path of paths) expect(ROUTE_TITLES[path], path).toBeTruthy();
  });

  it("matches paths with parameters, and names unknown pages", () => {
    expect(routeTitle("/login")).toBe("Sign in");
    expect(routeTitle("/login/code")).toBe("Enter your code");
    expect(routeTitle("/mentor/students/s-1")).toBe("Student timeline");
    expect(routeTitle("/admin/users/import")).toBe("Import users");
    expect(routeTitle("/no/such/page")).toBe("Page not found");
    expect(routeTitle("/")).toBeNull();
  });

  it("finds the feedback a path is about", () => {
    expect(feedbackIdOf("/feedback/f-8")).toEqual({ id: "f-8", editing: false });
    expect(feedbackIdOf("/mentor/feedback/f-8/edit")).toEqual({ id: "f-8", editing: true });
    // A new feedback is not fetched for its title (the API would answer 422 for the id "new").
    expect(feedbackIdOf("/mentor/feedback/new/edit")).toBeNull();
    expect(feedbackIdOf("/admin/feedback")).toBeNull();
  });
});

describe("the document title follows navigation", () => {
  it("is set on the first page and changes with each navigation", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(input instanceof Request ? input.url : String(input), "http://localhost");
        if (url.pathname === "/api/auth/refresh") return json(401, { status: 401 });
        return problem(404, "not-found");
      }),
    );
    const router = app("/login");
    await vi.waitFor(() => expect(document.title).toBe("Sign in · Campus"));
    await act(() => router.navigate("/forgot-password"));
    await vi.waitFor(() => expect(document.title).toBe("Forgot password · Campus"));
    await act(() => router.navigate("/status"));
    await vi.waitFor(() => expect(document.title).toBe("Service status · Campus"));
  });

  it("names a feedback by its own title once it is loaded", async () => {
    session.signIn({ access_token: token("student"), expires_in: 900 });
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = new URL(input instanceof Request ? input.url : String(input), "http://localhost");
        if (url.pathname === "/api/feedback/v1/feedback/f-8") return json(200, FEEDBACK);
        if (url.pathname.startsWith("/api/feedback/v1/")) return json(200, { items: [], next_cursor: null });
        return problem(404, "not-found");
      }),
    );
    const router = app("/feedback/f-8");
    expect(await screen.findByRole("heading", { name: "Week 8 review" })).toBeInTheDocument();
    await vi.waitFor(() => expect(document.title).toBe("Week 8 review · Campus"));
    await act(() => router.navigate("/account"));
    await vi.waitFor(() => expect(document.title).toBe("Account · Campus"));
  });
});
