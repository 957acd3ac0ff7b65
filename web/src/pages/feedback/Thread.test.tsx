import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { ThreadMessage } from "../../queries/threads";
import { json, problem, renderAt } from "../../test/render";
import { Thread } from "./Thread";

const FID = "f-1";
const SOON = new Date(Date.now() + 5 * 60_000).toISOString();
const PAST = new Date(Date.now() - 60_000).toISOString();

function message(overrides: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    id: "m-1",
    feedback_id: FID,
    author_id: "u-alex",
    author_name: "Alex Rivera",
    author_role: "student",
    body: "Thanks **a lot**",
    html: "<p>Thanks <strong>a lot</strong></p>",
    created_at: "2026-12-01T10:00:00Z",
    edited: false,
    edited_at: null,
    deleted: false,
    deleted_at: null,
    editable_until: null,
    can_delete: false,
    ...overrides,
  };
}

type Call = { method: string; path: string; body: unknown };

/** A feedback service with one thread: records every call, answers the thread from `messages`. */
function backend(messages: ThreadMessage[], { canPost = true }: { canPost?: boolean } = {}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = request.method === "GET" || request.method === "DELETE" ? null : await request.json();
      calls.push({ method: request.method, path, body });
      if (request.method === "GET") return json(200, { feedback_id: FID, messages, can_post: canPost });
      if (request.method === "POST") return json(201, message({ id: "m-new", body: (body as { body: string }).body }));
      return json(200, message());
    }),
  );
  return calls;
}

const writes = (calls: Call[]) => calls.filter((c) => c.method !== "GET");

afterEach(() => vi.unstubAllGlobals());

describe("Thread", () => {
  it("shows each message with its author, role and time, edited marks and tombstones", async () => {
    backend([
      message(),
      message({
        id: "m-2",
        author_id: "u-maria",
        author_name: "Maria Okafor",
        author_role: "mentor",
        edited: true,
        edited_at: "2026-12-01T10:05:00Z",
      }),
      message({ id: "m-3", body: null, html: null, deleted: true, deleted_at: "2026-12-01T11:00:00Z" }),
    ]);
    renderAt(<Thread feedbackId={FID} />);
    const items = await screen.findAllByTestId("thread-message");
    expect(items).toHaveLength(3);
    expect(within(items[0]!).getByText("Alex Rivera")).toBeInTheDocument();
    expect(within(items[0]!).getByText("Student")).toBeInTheDocument();
    expect(within(items[0]!).getByText("a lot").tagName).toBe("STRONG");
    expect(within(items[0]!).getByText(/2026/).tagName).toBe("TIME");
    expect(within(items[1]!).getByText("Mentor")).toBeInTheDocument();
    expect(within(items[1]!).getByText("edited")).toBeInTheDocument();
    expect(within(items[2]!).getByText("Message deleted")).toBeInTheDocument();
    expect(within(items[2]!).queryByText("edited")).toBeNull();
  });

  it("keeps escaped markup as text: no script element, no alert", async () => {
    const alert = vi.fn();
    vi.stubGlobal("alert", alert);
    backend([message({ body: "<script>alert(1)</script>", html: "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" })]);
    const { container } = renderAt(<Thread feedbackId={FID} />);
    expect(await screen.findByText("<script>alert(1)</script>")).toBeInTheDocument();
    expect(container.querySelector("script")).toBeNull();
    expect(alert).not.toHaveBeenCalled();
  });

  it("Enter makes a new line, Ctrl+Enter sends, and the composer empties", async () => {
    const calls = backend([]);
    renderAt(<Thread feedbackId={FID} />);
    expect(await screen.findByText("No messages yet.")).toBeInTheDocument();
    const box = screen.getByLabelText("Write a message");
    await userEvent.type(box, "Line one{Enter}Line two");
    expect(box).toHaveValue("Line one\nLine two");
    expect(writes(calls)).toEqual([]);
    await userEvent.type(box, "{Control>}{Enter}{/Control}");
    await waitFor(() =>
      expect(writes(calls)).toEqual([{ method: "POST", path: `/api/feedback/v1/feedback/${FID}/messages`, body: { body: "Line one\nLine two" } }]),
    );
    await waitFor(() => expect(box).toHaveValue(""));
  });

  it("Cmd+Enter and the Send button send too; pasted text is kept; blank text is not sent", async () => {
    const calls = backend([]);
    renderAt(<Thread feedbackId={FID} />);
    const box = await screen.findByLabelText("Write a message");
    const send = screen.getByRole("button", { name: "Send" });
    await userEvent.type(box, "   ");
    expect(send).toBeDisabled();
    await userEvent.clear(box);
    box.focus();
    await userEvent.paste("Pasted\ntext");
    expect(box).toHaveValue("Pasted\ntext");
    await userEvent.type(box, "{Meta>}{Enter}{/Meta}");
    await waitFor(() => expect(writes(calls)).toHaveLength(1));
    await userEvent.type(box, "By button");
    await userEvent.click(send);
    await waitFor(() => expect(writes(calls).map((c) => c.body)).toEqual([{ body: "Pasted\ntext" }, { body: "By button" }]));
  });

  it("shows why a message was refused", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) =>
        request.method === "GET"
          ? json(200, { feedback_id: FID, messages: [], can_post: true })
          : problem(422, "validation-error", { detail: "body: may contain line breaks and tabs but no other control characters" }),
      ),
    );
    renderAt(<Thread feedbackId={FID} />);
    await userEvent.type(await screen.findByLabelText("Write a message"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("no other control characters");
    expect(screen.getByLabelText("Write a message")).toHaveValue("x");
  });

  it("edits one's own message while its window is open, and only then", async () => {
    const calls = backend([
      message({ id: "m-open", editable_until: SOON, can_delete: true }),
      message({ id: "m-closed", editable_until: PAST, can_delete: true }),
    ]);
    renderAt(<Thread feedbackId={FID} />);
    const [open, closed] = await screen.findAllByTestId("thread-message");
    expect(within(closed!).queryByRole("button", { name: "Edit" })).toBeNull();
    await userEvent.click(within(open!).getByRole("button", { name: "Edit" }));
    const box = within(open!).getByLabelText("Edit your message");
    expect(box).toHaveValue("Thanks **a lot**");
    await userEvent.clear(box);
    await userEvent.type(box, "Thanks, really");
    await userEvent.click(within(open!).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(writes(calls)).toEqual([
        { method: "PATCH", path: `/api/feedback/v1/feedback/${FID}/messages/m-open`, body: { body: "Thanks, really" } },
      ]),
    );
    await waitFor(() => expect(within(open!).queryByLabelText("Edit your message")).toBeNull());
  });

  it("Escape cancels an edit", async () => {
    const calls = backend([message({ editable_until: SOON })]);
    renderAt(<Thread feedbackId={FID} />);
    await userEvent.click(await screen.findByRole("button", { name: "Edit" }));
    fireEvent.keyDown(screen.getByLabelText("Edit your message"), { key: "Escape" });
    expect(screen.queryByLabelText("Edit your message")).toBeNull();
    expect(writes(calls)).toEqual([]);
  });

  it("deletes only after the confirmation", async () => {
    const calls = backend([message({ can_delete: true })]);
    renderAt(<Thread feedbackId={FID} />);
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("alertdialog", { name: "Delete this message?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(writes(calls)).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    await userEvent.click(within(screen.getByRole("alertdialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() =>
      expect(writes(calls)).toEqual([{ method: "DELETE", path: `/api/feedback/v1/feedback/${FID}/messages/m-1`, body: null }]),
    );
  });

  it("has no composer for those who only read", async () => {
    backend([message()], { canPost: false });
    renderAt(<Thread feedbackId={FID} />);
    await screen.findAllByTestId("thread-message");
    expect(screen.queryByLabelText("Write a message")).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
  });
});
