import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt } from "../../test/render";
import { feedbackRequest } from "../student/request.fixtures";
import { MentorHome } from "./MentorHome";
import { RequestsPage } from "./RequestsPage";

const REQUEST = feedbackRequest({ description: "Is the intro clear?", link: "https://example.com/p" });

function service() {
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/feedback") && request.method === "POST") return json(201, { id: "draft-1", title: REQUEST.title });
    if (path.endsWith("/v1/requests")) return json(200, { items: [REQUEST] });
    if (path.endsWith("/v1/mentor/attention"))
      return json(200, {
        open_requests: [REQUEST],
        unread_threads: [{ feedback_id: "f-2", title: "Week 2", student_id: "s-2", student_name: "Bea", at: REQUEST.created_at }],
        unacknowledged: [{ feedback_id: "f-3", title: "Week 1", student_id: "s-3", student_name: "Chen", at: REQUEST.created_at }],
        unacknowledged_days: 7,
      });
    if (path.endsWith("/v1/assignments")) return json(200, { items: [] });
    if (path.endsWith("/v1/feedback")) return json(200, { items: [], next_cursor: null });
    return json(404, {});
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe("RequestsPage", () => {
  it("lists open requests and opens the editor on a draft written from one", async () => {
    const fetch = service();
    renderAt(<RequestsPage />, { path: "/mentor/requests" });
    const [item] = await screen.findAllByTestId("request-item");
    expect(item).toHaveTextContent("My portfolio");
    expect(item).toHaveTextContent("Alex");
    expect(within(item!).getByRole("link", { name: "https://example.com/p" })).toHaveAttribute("rel", "noopener noreferrer nofollow");
    await userEvent.click(within(item!).getByRole("button", { name: "Write feedback" }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
    const posted = fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === "POST");
    expect(posted.map((r) => new URL(r.url).pathname.replace(/^.*\/v1/, "/v1"))).toEqual([`/v1/requests/${REQUEST.id}/feedback`]);
  });
});

describe("MentorHome needs attention", () => {
  it("lists open requests, unanswered threads and unacknowledged feedback as links", async () => {
    service();
    renderAt(<MentorHome />, { path: "/mentor" });
    const box = await screen.findByTestId("needs-attention");
    await waitFor(() => expect(within(box).getAllByTestId("attention-item")).toHaveLength(3));
    const items = within(box).getAllByTestId("attention-item");
    expect(items[0]).toHaveTextContent("Request: My portfolio (Alex)");
    expect(items[1]).toHaveTextContent("New message: Week 2 (Bea)");
    expect(items[2]).toHaveTextContent("Not acknowledged after 7 days: Week 1");
  });
});
