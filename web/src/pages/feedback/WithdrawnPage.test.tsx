import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "../../lib/problem";
import { json, problem, renderAt } from "../../test/render";
import { FeedbackPage } from "./FeedbackPage";
import { withdrawalOf } from "./WithdrawnPage";

afterEach(() => vi.unstubAllGlobals());

const WITHDRAWN = {
  detail: "This feedback was withdrawn.",
  feedback_id: "f-9",
  feedback_title: "Week 3 review",
  withdrawn_at: "2026-12-02T09:30:00+00:00",
  reason: "Written for the wrong student",
};

describe("withdrawn feedback", () => {
  it("reads when and why from the 410 problem, and nothing from other errors", () => {
    const gone = new ApiError(410, { type: "https://campus.example/problems/feedback-withdrawn", ...WITHDRAWN });
    expect(withdrawalOf(gone)).toEqual({
      title: "Week 3 review",
      withdrawnAt: "2026-12-02T09:30:00+00:00",
      reason: "Written for the wrong student",
    });
    expect(withdrawalOf(new ApiError(404, { type: "https://campus.example/problems/feedback-not-found" }))).toBeNull();
    expect(withdrawalOf(new ApiError(410, { type: "https://campus.example/problems/login-again" }))).toBeNull();
    expect(withdrawalOf(new Error("offline"))).toBeNull();
  });

  it("the old link opens a page that says it was withdrawn, when and why", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => problem(410, "feedback-withdrawn", WITHDRAWN)),
    );
    renderAt(<FeedbackPage />, { path: "/feedback/:id", at: "/feedback/f-9" });
    expect(await screen.findByRole("heading", { name: "Week 3 review" })).toBeInTheDocument();
    const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(WITHDRAWN.withdrawn_at));
    expect(screen.getByRole("status")).toHaveTextContent(`This feedback was withdrawn on ${date}: Written for the wrong student`);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("other failures still show as errors", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(500, { title: "Internal Server Error", status: 500 })));
    renderAt(<FeedbackPage />, { path: "/feedback/:id", at: "/feedback/f-9" });
    expect(await screen.findByRole("alert")).toHaveTextContent("This feedback could not be loaded.");
  });
});
