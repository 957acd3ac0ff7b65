import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { FeedPage } from "../pages/feed/FeedPage";
import { STREAM_QUIET_MS } from "../queries/feed";
import { json, renderAt } from "../test/render";
import { Bell } from "./Bell";

const ITEM = {
  id: "0b6a3f4e-1c1e-4a52-9f43-2f1f3c8a9d10",
  type: "feedback_published",
  title: "New feedback: Week 9 review",
  summary: "",
  link: "/feedback/f-9",
  data: {},
  created_at: "2026-12-03T10:00:00Z",
  read_at: null,
};

/** A stand-in notification service whose stream the test writes to. */
function service({ unread = 0, items = [] as (typeof ITEM)[] } = {}) {
  let push: (text: string) => void = () => undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => controller.enqueue(new TextEncoder().encode(text));
    },
  });
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/v1/feed/stream")) {
      return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
    }
    if (path.endsWith("/v1/feed/unread-count")) return json(200, { unread });
    if (path.endsWith("/v1/feed/read-all")) return json(200, { marked: unread, unread: 0 });
    if (path.endsWith("/read")) return json(200, { ...ITEM, read_at: "2026-12-03T10:01:00Z" });
    if (path.endsWith("/v1/feed")) return json(200, { items, next_cursor: null, unread });
    return json(404, {});
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, push: (event: string, data: unknown) => push(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) };
}

afterEach(() => vi.unstubAllGlobals());

describe("Bell", () => {
  it("shows the unread count and follows the live stream without a reload", { timeout: 10_000 }, async () => {
    const live = service({ unread: 0 });
    renderAt(<Bell />);
    const bell = await screen.findByTestId("bell");
    await waitFor(() => expect(bell).toHaveAccessibleName("Notifications, none unread"));
    const streams = () => live.fetch.mock.calls.filter(([r]) => (r as Request).url.endsWith("/stream"));
    // the stream waits until the page's own requests have been done for a while
    expect(streams()).toHaveLength(0);
    await waitFor(() => expect(streams()).toHaveLength(1), { timeout: STREAM_QUIET_MS + 2000 });
    await waitFor(() => expect(bell).toHaveAttribute("data-live", "true"));
    live.push("unread", { unread: 3 });
    await waitFor(() => expect(bell).toHaveAccessibleName("3 unread notifications"));
    expect(within(bell).getByTestId("bell-count")).toHaveTextContent("3");
    live.push("unread", { unread: 1 });
    await waitFor(() => expect(bell).toHaveAccessibleName("1 unread notification"));
    const stream = live.fetch.mock.calls.map(([r]) => r as Request).find((r) => r.url.endsWith("/stream"));
    expect(stream?.url).not.toMatch(/token|access/i); // the token travels in a header, never the URL
  });
});

describe("FeedPage", () => {
  it("lists items, opens one (marked read) and marks all read", async () => {
    const live = service({ unread: 1, items: [ITEM] });
    renderAt(<FeedPage />, { path: "/notifications" });
    const item = (await screen.findAllByTestId("feed-item"))[0]!;
    expect(item).toHaveTextContent("Week 9 review");
    expect(item).toHaveTextContent("Unread:");
    await userEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() =>
      expect(live.fetch.mock.calls.some(([r]) => (r as Request).url.endsWith("/v1/feed/read-all"))).toBe(true),
    );
    await userEvent.click(within(item).getAllByRole("button", { name: /Week 9 review/ })[0]!);
    await waitFor(() => expect(screen.getByTestId("navigated")).toBeInTheDocument());
    const read = live.fetch.mock.calls.map(([r]) => r as Request).find((r) => r.url.endsWith(`/${ITEM.id}/read`));
    expect(read?.method).toBe("POST");
  });

  it("says so when there is nothing", async () => {
    service();
    renderAt(<FeedPage />, { path: "/notifications" });
    expect(await screen.findByText("No notifications yet.")).toBeInTheDocument();
  });
});
