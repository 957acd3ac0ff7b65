import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt } from "../../test/render";
import { GradingQueue } from "./GradingQueue";

const AT = "2026-11-20T10:00:00Z";
const item = (name: string, state: string, extra: Record<string, unknown> = {}) => ({
  student_id: `s-${name}`,
  student_name: name,
  cohort: "Week 9",
  state,
  feedback_id: state === "none" ? null : `f-${name}`,
  title: state === "none" ? null : `Review of ${name}`,
  updated_at: state === "none" ? null : AT,
  missing: [],
  last_published_id: null,
  ...extra,
});
const QUEUE = {
  cohort: null,
  since: AT,
  cohorts: ["Week 9"],
  items: [item("Ana", "ready"), item("Ben", "draft", { missing: ["depth", "overall_rating"] }), item("Cai", "ready"), item("Dee", "none")],
};

function service() {
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/v1/grading/queue")) return json(200, QUEUE);
    if (path.endsWith("/v1/grading/publish")) {
      return json(200, {
        published: 1,
        failed: 1,
        results: [
          { feedback_id: "f-Ana", student_id: "s-Ana", student_name: "Ana", published: true, status: 200 },
          { feedback_id: "f-Cai", student_id: "s-Cai", student_name: "Cai", published: false, status: 409, slug: "feedback-changed", detail: "This feedback changed meanwhile." },
        ],
      });
    }
    return json(404, {});
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => vi.unstubAllGlobals());

describe("GradingQueue", () => {
  it("shows each student's state and links into the editor, keeping the queue", async () => {
    service();
    renderAt(<GradingQueue />, { path: "/mentor/grading", at: "/mentor/grading?cohort=Week%209" });
    const rows = await screen.findAllByTestId("queue-row");
    expect(rows.map((r) => within(r).getByTestId("queue-state").textContent)).toEqual([
      "Ready to publish",
      "Draft · 2 things missing",
      "Ready to publish",
      "No feedback yet",
    ]);
    expect(within(rows[0]!).getByRole("link", { name: "Ana" })).toHaveAttribute("href", "/mentor/feedback/f-Ana/edit?cohort=Week%209");
    expect(within(rows[3]!).getByRole("link", { name: "Dee" })).toHaveAttribute("href", "/mentor/feedback/new/edit?student=s-Dee&name=Dee&cohort=Week%209");
    expect(within(rows[1]!).queryByRole("checkbox")).toBeNull(); // only ready drafts can be selected
  });

  it("publishes the selected ready drafts after a confirmation, and names each student's result", async () => {
    const fetch = service();
    renderAt(<GradingQueue />, { path: "/mentor/grading" });
    await userEvent.click(await screen.findByRole("button", { name: "Select all 2 ready drafts" }));
    await userEvent.click(screen.getByRole("button", { name: "Publish 2 selected drafts" }));
    const dialog = screen.getByRole("dialog", { name: "Publish 2 drafts?" });
    expect(dialog).toHaveTextContent("Ana");
    expect(dialog).toHaveTextContent("Cai");
    await userEvent.click(within(dialog).getByRole("button", { name: "Publish 2 drafts" }));
    const results = await screen.findByTestId("bulk-results");
    expect(results).toHaveTextContent("Published: 1. Not published: 1.");
    expect(within(results).getByTestId("bulk-published")).toHaveTextContent("Published for Ana.");
    expect(within(results).getByTestId("bulk-failed")).toHaveTextContent("Not published for Cai: This feedback changed meanwhile.");
    const posted = fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === "POST");
    expect(posted).toHaveLength(1);
    expect(await posted[0]!.clone().json()).toEqual({ feedback_ids: ["f-Ana", "f-Cai"] });
  });
});
