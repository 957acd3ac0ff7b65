import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt } from "../../test/render";
import { bankComment, recordFetch, type Call } from "../mentor/CommentBank.fixtures";
import { CommentsPage } from "./CommentsPage";

const SHARED = bankComment("c-1", "Clear structure.", { criterion: "clarity", shared: true, owner_id: null, usage_count: 2 });

function serve(answer?: (call: Call) => Response | undefined) {
  let items = [SHARED, bankComment("c-own", "Own", { owner_id: "a-1" })];
  return recordFetch((call) => {
    const custom = answer?.(call);
    if (custom) return custom;
    if (call.method === "GET") return json(200, { items });
    if (call.method === "POST") return json(201, { ...SHARED, id: "c-2", text: "New one" });
    if (call.method === "DELETE") {
      items = items.filter((c) => !call.path.endsWith(c.id));
      return new Response(null, { status: 204 });
    }
    return problem(404, "not-found");
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("CommentsPage", () => {
  it("lists only the shared comments, with their usage", async () => {
    serve();
    renderAt(<CommentsPage />);
    const rows = await screen.findAllByTestId("shared-comment");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent("Clear structure.");
    expect(rows[0]).toHaveTextContent("used 2 times");
  });

  it("adds a shared comment with its criterion", async () => {
    const calls = serve();
    renderAt(<CommentsPage />);
    await userEvent.type(screen.getByLabelText("New shared comment"), "New one");
    await userEvent.type(screen.getByLabelText("Criterion (optional)"), "depth");
    await userEvent.click(screen.getByRole("button", { name: "Add shared comment" }));
    expect(await screen.findByText("Shared comment added.")).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ text: "New one", criterion: "depth", shared: true });
    expect(screen.getByLabelText("New shared comment")).toHaveValue("");
  });

  it("shows the field's problem when the server refuses the text", async () => {
    serve((call) =>
      call.method === "POST"
        ? problem(422, "validation-error", { detail: "text: may contain line breaks and tabs but no other control characters" })
        : undefined,
    );
    renderAt(<CommentsPage />);
    await userEvent.type(screen.getByLabelText("New shared comment"), "Bad");
    await userEvent.click(screen.getByRole("button", { name: "Add shared comment" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveClass("field-error"));
  });

  it("asks before deleting, and deletes only on confirmation", async () => {
    const calls = serve();
    renderAt(<CommentsPage />);
    const remove = await screen.findByRole("button", { name: "Delete the shared comment “Clear structure.”" });
    await userEvent.click(remove);
    let dialog = await screen.findByRole("alertdialog");
    expect(dialog).toHaveTextContent("Mentors will no longer find “Clear structure.”");
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    await userEvent.click(remove);
    dialog = await screen.findByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("Shared comment deleted.")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.path.endsWith("/v1/comments/c-1"))).toBe(true);
    await waitFor(() => expect(screen.queryAllByTestId("shared-comment")).toHaveLength(0));
  });
});
