import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { vi } from "vitest";

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

/** A request the stubbed `fetch` was asked: its method, URL (`path`, `query`) and body (parsed
 * when JSON, the text otherwise, null when empty). */
export type Seen = { method: string; url: URL; path: string; query: URLSearchParams; body: unknown };

function parsed(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Stubs `fetch` (undone by `vi.unstubAllGlobals`) with `answer`; returns every request asked, in order. */
export function stubFetch(answer: (seen: Seen) => Response | Promise<Response>): Seen[] {
  const asked: Seen[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"), init);
      const url = new URL(request.url);
      const seen = { method: request.method, url, path: url.pathname, query: url.searchParams, body: parsed(await request.text()) };
      asked.push(seen);
      return answer(seen);
    }),
  );
  return asked;
}
