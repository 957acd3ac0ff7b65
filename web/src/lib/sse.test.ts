import { describe, expect, it, vi } from "vitest";

import { openStream, parseSse } from "./sse";

describe("parseSse", () => {
  it("splits events, skips heartbeats and keeps the unfinished rest", () => {
    const { events, rest, retry } = parseSse(
      'retry: 3000\nevent: unread\ndata: {"unread":1}\n\n: heartbeat\n\nevent: item\ndata: {"id"',
    );
    expect(events).toEqual([{ event: "unread", data: '{"unread":1}' }]);
    expect(rest).toBe('event: item\ndata: {"id"');
    expect(retry).toBe(3000);
  });

  it("joins multi-line data and reads CRLF streams", () => {
    const { events } = parseSse("data: a\r\ndata: b\r\n\r\n");
    expect(events).toEqual([{ event: "message", data: "a\nb" }]);
  });
});

function streamOf(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/event-stream" } });
}

describe("openStream", () => {
  it("delivers events split across chunks, sends the header-carrying request, and reconnects", async () => {
    const requests: Request[] = [];
    const fetcher = vi.fn(async (request: Request) => {
      requests.push(request);
      return requests.length === 1
        ? streamOf(['event: unread\ndata: {"unr', 'ead":2}\n\n'])
        : streamOf(['event: unread\ndata: {"unread":0}\n\n']);
    });
    const seen: string[] = [];
    const stop = openStream("/api/notifications/v1/feed/stream", {
      fetch: fetcher,
      onEvent: (e) => seen.push(`${e.event} ${e.data}`),
      retryMs: 1,
    });
    await vi.waitFor(() => expect(seen.slice(0, 2)).toEqual(['unread {"unread":2}', 'unread {"unread":0}']));
    stop();
    expect(requests[0]!.headers.get("Accept")).toBe("text/event-stream");
    expect(requests[0]!.url).not.toContain("token");
  });

  it("stops for good when the stream is refused as unauthorized", async () => {
    const fetcher = vi.fn(async () => new Response(null, { status: 401 }));
    const stop = openStream("/x", { fetch: fetcher, onEvent: () => undefined, retryMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(fetcher).toHaveBeenCalledTimes(1);
  });
});
