import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt } from "../../test/render";
import { FeedbackEditor } from "./FeedbackEditor";

const AT = "2026-11-20T10:00:00Z";
const RUBRIC = {
  version: 1,
  name: "R",
  created_at: AT,
  criteria: [{ key: "clarity", name: "Clarity", description: "", scale_min: 1, scale_max: 3, weight: 1, levels: [] }],
};
const DRAFT = {
  id: "f-ana",
  student_id: "s-ana",
  student_name: "Ana",
  mentor_id: "m",
  mentor_name: "Gail",
  cohort: "Week 9",
  title: "Week 9",
  rubric_version: 1,
  scores: {},
  criterion_comments: {},
  overall_rating: null,
  strengths: "",
  improvements: "",
  comments: "",
  state: "draft",
  edited: false,
  created_at: AT,
  updated_at: AT,
  published_at: null,
  acknowledged_at: null,
  reply: null,
  replied_at: null,
};
const row = (name: string, feedbackId: string | null) => ({
  student_id: `s-${name.toLowerCase()}`,
  student_name: name,
  cohort: "Week 9",
  state: feedbackId ? "draft" : "none",
  feedback_id: feedbackId,
  title: null,
  updated_at: null,
  missing: [],
  last_published_id: null,
});

function service() {
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path.endsWith("/v1/rubric") || path.endsWith("/v1/rubric/versions/1")) return json(200, RUBRIC);
    if (path.endsWith("/v1/grading/queue")) return json(200, { cohort: "Week 9", since: AT, cohorts: ["Week 9"], items: [row("Ana", "f-ana"), row("Ben", null)] });
    if (path.endsWith("/v1/feedback/f-ana") && request.method === "PATCH") return json(200, { ...DRAFT, ...(await request.clone().json()) });
    if (path.endsWith("/v1/feedback/f-ana")) return json(200, DRAFT);
    if (path.endsWith("/v1/comments")) return json(200, { items: [] });
    return json(404, {});
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const calls = (fetch: ReturnType<typeof service>, method: string) =>
  fetch.mock.calls.map(([r]) => r as Request).filter((r) => r.method === method);

afterEach(() => vi.unstubAllGlobals());

describe("the feedback editor in the grading workflow", () => {
  it("says plainly that a new draft without a title is not saved, and saves nothing", async () => {
    const fetch = service();
    renderAt(<FeedbackEditor />, { path: "/mentor/feedback/:id/edit", at: "/mentor/feedback/new/edit?student=s-ana&name=Ana" });
    await userEvent.clear(await screen.findByLabelText("Title"));
    expect(screen.getByTestId("save-status")).toHaveTextContent("Not saved yet: a new draft needs a title.");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(calls(fetch, "POST")).toEqual([]);
  });

  it("saves a criterion's comment, and moves to the next student of the queue with Alt+→", async () => {
    const fetch = service();
    renderAt(<FeedbackEditor />, { path: "/mentor/feedback/:id/edit", at: "/mentor/feedback/f-ana/edit?cohort=Week%209" });
    const comment = await screen.findByLabelText("Clarity comment");
    await userEvent.type(comment, "Short names");
    expect(await screen.findByText("Student 1 of 2")).toBeInTheDocument();
    fireEvent.keyDown(document, { key: "ArrowRight", altKey: true });
    expect(await screen.findByText(/^For Ben/)).toBeInTheDocument();
    const patched = calls(fetch, "PATCH");
    expect(patched.length).toBeGreaterThan(0);
    expect(await patched[patched.length - 1]!.clone().json()).toMatchObject({ criterion_comments: { clarity: "Short names" } });
    await waitFor(() => expect(screen.getByText("Student 2 of 2")).toBeInTheDocument());
  });
});
