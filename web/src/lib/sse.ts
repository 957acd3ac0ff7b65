/**
 * Server-Sent Events over fetch: EventSource cannot send an Authorization header, and a token in
 * the URL would be logged, so the stream is a fetch (through `session.fetch`, which adds the
 * access token and refreshes it) whose body is read and split into events here. The stream
 * reconnects after `retryMs` (or the server's `retry:`) when it ends or fails, until stopped.
 */
export type SseEvent = { event: string; data: string };

/** The complete events in `buffer` (blank-line separated) and the unfinished rest. */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string; retry?: number } {
  const blocks = buffer.replace(/\r\n?/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  const events: SseEvent[] = [];
  let retry: number | undefined;
  for (const block of blocks) {
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // a comment: the heartbeat
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
      else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
    }
    if (data.length) events.push({ event, data: data.join("\n") });
  }
  return { events, rest, retry };
}

export type StreamOptions = {
  fetch: (request: Request) => Promise<Response>;
  onEvent: (event: SseEvent) => void;
  /** Called with true once a stream is open, false when it drops. */
  onOpen?: (open: boolean) => void;
  retryMs?: number;
};

/** Opens the stream at `url` and keeps it open; returns the function that stops it. */
export function openStream(url: string, options: StreamOptions): () => void {
  const controller = new AbortController();
  const target = new URL(url, globalThis.location?.href ?? "http://localhost").toString();
  let retryMs = options.retryMs ?? 3000;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      controller.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const run = async () => {
    while (!controller.signal.aborted) {
      try {
        const response = await options.fetch(
          new Request(target, { headers: { Accept: "text/event-stream" }, signal: controller.signal }),
        );
        if (response.status === 401 || response.status === 403) return; // signed out: the app handles it
        if (response.ok && response.body) {
          options.onOpen?.(true);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseSse(buffer + value);
            buffer = parsed.rest;
            if (parsed.retry !== undefined) retryMs = parsed.retry;
            parsed.events.forEach(options.onEvent);
          }
        }
      } catch {
        // a network error or the abort: retry below unless stopped
      }
      if (controller.signal.aborted) return;
      options.onOpen?.(false);
      await wait(retryMs);
    }
  };
  void run();
  return () => controller.abort();
}
