import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt } from "../../test/render";
import { RequestFeedbackPage } from "./RequestFeedbackPage";
import { feedbackRequest } from "./request.fixtures";

const OPEN = feedbackRequest();
const CLOSED = feedbackRequest({ id: "c-1", title: "Essay", state: "closed", feedback_id: "f-1" });

const sentBodies: unknown[] = [];

function service() {
  sentBodies.length = 0;
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && path.endsWith("/v1/requests")) {
      const body = (await request.json()) as { title: string; link: string | null };
      sentBodies.push(body);
      if (body.link === "ftp://x") return problem(422, "validation-error", { detail: "link: must be an http or https address" });
      return json(201, { ...OPEN, id: "new", title: body.title });
    }
    if (path.endsWith("/cancel")) return json(200, { ...OPEN, state: "cancelled" });
    if (path.endsWith("/v1/requests")) return json(200, { items: [OPEN, CLOSED] });
    return json(404, {});
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const calls = (fetch: ReturnType<typeof service>, method: string, end: string) =>
  fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === method && r.url.endsWith(end));

afterEach(() => vi.unstubAllGlobals());

describe("RequestFeedbackPage", () => {
  it("sends a request with its title, description and link", async () => {
    service();
    renderAt(<RequestFeedbackPage />);
    await userEvent.type(screen.getByLabelText("What should your mentor look at?"), "Slides");
    await userEvent.type(screen.getByLabelText(/Details/), "Week 4 deck");
    await userEvent.type(screen.getByLabelText("Link (optional)"), "https://example.com/deck");
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Request sent");
    expect(sentBodies).toEqual([{
      title: "Slides",
      description: "Week 4 deck",
      link: "https://example.com/deck",
    }]);
  });

  it("shows what the service refused", async () => {
    service();
    renderAt(<RequestFeedbackPage />);
    await userEvent.type(screen.getByLabelText("What should your mentor look at?"), "Slides");
    const link = screen.getByLabelText("Link (optional)");
    link.setAttribute("type", "text"); // the browser's own check aside, the service's answer shows
    await userEvent.type(link, "ftp://x");
    await userEvent.click(screen.getByRole("button", { name: "Send request" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("link");
  });

  it("lists my requests with their state and cancels an open one after confirming", async () => {
    const fetch = service();
    renderAt(<RequestFeedbackPage />);
    const [open, closed] = await screen.findAllByTestId("request-item");
    expect(within(open!).getByTestId("request-state")).toHaveTextContent("Open");
    expect(within(closed!).getByTestId("request-state")).toHaveTextContent("Closed");
    expect(within(closed!).getByRole("link", { name: "Open the feedback" })).toBeInTheDocument();
    expect(within(closed!).queryByRole("button", { name: "Cancel request" })).toBeNull();

    await userEvent.click(within(open!).getByRole("button", { name: "Cancel request" }));
    const dialog = await screen.findByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Keep it" }));
    expect(calls(fetch, "POST", "/cancel")).toHaveLength(0);

    await userEvent.click(within(open!).getByRole("button", { name: "Cancel request" }));
    await userEvent.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Cancel request" }));
    await waitFor(() => expect(calls(fetch, "POST", `/v1/requests/${OPEN.id}/cancel`)).toHaveLength(1));
  });
});
