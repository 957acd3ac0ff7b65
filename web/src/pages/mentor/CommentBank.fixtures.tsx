/** Test data and a recording fetch for the comment bank's tests (the editor's and the admin's). */
import type { BankComment } from "../../queries/comments";
import { stubFetch } from "../../test/render";

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
  stubFetch(({ method, path, query, body }) => {
    const call = { method, path, query: query.get("q") ?? "", body };
    calls.push(call);
    return answer(call);
  });
  return calls;
}
