/** Test data and a recording fetch for the comment bank's tests (the editor's and the admin's). */
import { vi } from "vitest";

import type { BankComment } from "../../queries/comments";

export function bankComment(id: string, text: string, overrides: Partial<BankComment> = {}): BankComment {
  return {
    id,
    text,
    criterion: null,
    shared: false,
    owner_id: "m-1",
    usage_count: 0,
    created_at: "2026-12-03T09:00:00Z",
    updated_at: "2026-12-03T09:00:00Z",
    can_edit: true,
    ...overrides,
  };
}

export type Call = { method: string; path: string; query: string; body: unknown };

/** Stubs `fetch` with `answer`; returns the calls made, in order, bodies parsed. */
export function recordFetch(answer: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: RequestInfo | URL) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"));
      const url = new URL(request.url);
      const text = await request.text();
      const call = { method: request.method, path: url.pathname, query: url.searchParams.get("q") ?? "", body: text ? JSON.parse(text) : null };
      calls.push(call);
      return answer(call);
    }),
  );
  return calls;
}
