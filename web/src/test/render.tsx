import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";

/**
 * Renders `element` at `path` in a memory data router, as the app's (so `useBlocker` works), plus
 * a marker route for where it navigates.
 */
export function renderAt(element: ReactElement, { path = "/", at = path }: { path?: string; at?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      { path, element },
      { path: "*", element: <p data-testid="navigated" /> },
    ],
    { initialEntries: [at] },
  );
  return render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

export function problem(status: number, slug: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify({ type: `https://campus.example/problems/${slug}`, status, ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json", ...headers },
  });
}

export function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
