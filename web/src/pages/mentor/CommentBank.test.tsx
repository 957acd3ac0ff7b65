import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { BankComment } from "../../queries/comments";
import { json, problem, renderAt } from "../../test/render";
import { CommentBank, insertText } from "./CommentBank";
import { bankComment, recordFetch } from "./CommentBank.fixtures";

const comment = bankComment;

const BANK = [
  comment("c-1", "Clear structure.", { shared: true, owner_id: null, usage_count: 3, criterion: "clarity" }),
  comment("c-2", "Add tests first.", { usage_count: 1 }),
];

function serve(items: BankComment[] = BANK) {
  return recordFetch((call) => {
    if (call.method === "GET" && call.path.endsWith("/v1/comments")) {
      const q = call.query.toLowerCase();
      return json(200, { items: items.filter((c) => c.text.toLowerCase().includes(q)) });
    }
    if (call.method === "POST" && call.path.endsWith("/used")) return json(200, { ...items[0], usage_count: 4 });
    if (call.method === "POST" && call.path.endsWith("/v1/comments")) return json(201, comment("c-new", "saved"));
    return problem(404, "not-found");
  });
}

/** The editor's three fields, as the feedback editor wires them. */
function Host() {
  const [fields, setFields] = useState({ strengths: "Good start. Keep going.", improvements: "", comments: "" });
  return (
    <div>
      {(["strengths", "improvements", "comments"] as const).map((name) => (
        <div key={name}>
          <label htmlFor={name}>{name}</label>
          <textarea
            id={name}
            data-comment-target={name}
            value={fields[name]}
            onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
          />
        </div>
      ))}
      <CommentBank onInsert={(field, value) => setFields((f) => ({ ...f, [field]: value }))} />
    </div>
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("insertText", () => {
  it("replaces the selected range, or inserts at a cursor", () => {
    expect(insertText("Hello world", "big ", 6, 6)).toBe("Hello big world");
    expect(insertText("Hello world", "there", 6, 11)).toBe("Hello there");
    expect(insertText("", "x", 0, 0)).toBe("x");
  });
});

describe("CommentBank", () => {
  it("lists the bank with usage counts, shared and criterion marks", async () => {
    serve();
    renderAt(<Host />);
    const items = await screen.findAllByTestId("bank-comment");
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent("Clear structure.");
    expect(items[0]).toHaveTextContent("Shared");
    expect(items[0]).toHaveTextContent("clarity");
    expect(items[0]).toHaveTextContent("used 3 times");
    expect(items[1]).toHaveTextContent("used 1 time");
    expect(screen.getByRole("searchbox", { name: "Search the comment bank" })).toHaveAttribute("aria-keyshortcuts", "Alt+C");
  });

  it("a click inserts the comment at the cursor of the field last focused and counts a use", async () => {
    const calls = serve();
    renderAt(<Host />);
    const strengths = screen.getByLabelText<HTMLTextAreaElement>("strengths");
    strengths.focus();
    strengths.setSelectionRange(12, 12); // after "Good start. "
    await userEvent.click((await screen.findAllByTestId("bank-comment"))[1]!);
    await waitFor(() => expect(strengths).toHaveValue("Good start. Add tests first.Keep going."));
    expect(screen.getByLabelText("improvements")).toHaveValue("");
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.path.endsWith("/v1/comments/c-2/used"))).toBe(true));
    await waitFor(() => expect(document.activeElement).toBe(strengths));
    expect(strengths.selectionStart).toBe(12 + "Add tests first.".length);
  });

  it("Alt+C jumps to the search; typing filters; Enter inserts the first match", async () => {
    const calls = serve();
    const user = userEvent.setup();
    renderAt(<Host />);
    const improvements = screen.getByLabelText<HTMLTextAreaElement>("improvements");
    await user.click(improvements);
    await user.keyboard("Try this: ");
    await user.keyboard("{Alt>}c{/Alt}");
    const search = screen.getByRole("searchbox", { name: "Search the comment bank" });
    expect(document.activeElement).toBe(search);
    await user.keyboard("tests");
    await waitFor(() => expect(calls.some((c) => c.query === "tests")).toBe(true));
    await waitFor(() => expect(screen.getAllByTestId("bank-comment")).toHaveLength(1));
    await user.keyboard("{Enter}");
    await waitFor(() => expect(improvements).toHaveValue("Try this: Add tests first."));
    expect(await screen.findByText("Inserted into “improvements”.")).toBeInTheDocument();
  });

  it("the arrow keys move from the search into the list, and Enter on an item inserts it", async () => {
    serve();
    const user = userEvent.setup();
    renderAt(<Host />);
    await user.click(screen.getByLabelText("comments"));
    await screen.findAllByTestId("bank-comment");
    await user.keyboard("{Alt>}c{/Alt}{ArrowDown}{ArrowDown}");
    expect(document.activeElement).toBe(screen.getAllByTestId("bank-comment")[1]);
    await user.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(screen.getAllByTestId("bank-comment")[0]);
    await user.keyboard("{Enter}");
    await waitFor(() => expect(screen.getByLabelText("comments")).toHaveValue("Clear structure."));
  });

  it("saves the selected text of a field as the mentor's own comment", async () => {
    const calls = serve();
    renderAt(<Host />);
    const strengths = screen.getByLabelText<HTMLTextAreaElement>("strengths");
    strengths.focus();
    strengths.setSelectionRange(0, 11); // "Good start."
    fireEvent.focusOut(strengths);
    await userEvent.click(screen.getByRole("button", { name: "Save the selection as a comment" }));
    expect(await screen.findByText("Saved to your comment bank.")).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST" && c.path.endsWith("/v1/comments"));
    expect(post?.body).toEqual({ text: "Good start.", shared: false });
  });

  it("says so when there is nothing to save", async () => {
    const calls = serve([]);
    renderAt(<Host />);
    screen.getByLabelText("comments").focus();
    await userEvent.click(screen.getByRole("button", { name: "Save the selection as a comment" }));
    expect(await screen.findByText(/Select some text/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    expect(await screen.findByText(/No comments yet/)).toBeInTheDocument();
  });
});
