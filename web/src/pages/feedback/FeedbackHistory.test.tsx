import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt } from "../../test/render";
import { FeedbackHistory } from "./FeedbackHistory";

const FEEDBACK = { id: "f1", rubric_version: 2, state: "published", scores: { code_quality: 4 } };
const RUBRIC = {
  version: 2,
  name: "R",
  created_at: "2026-11-01T10:00:00Z",
  criteria: [
    { key: "code_quality", name: "Code quality", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [] },
    { key: "communication", name: "Communication", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [] },
  ],
};
const HISTORY = {
  feedback_id: "f1",
  edited: true,
  revisions: [
    {
      id: "r1",
      edited_at: "2026-12-01T10:00:00Z",
      editor_id: "m1",
      editor_name: "Maria Mentor",
      changes: {
        strengths: { before: "Clear tests and tidy names.", after: "Clear tests and short names." },
        scores: { before: { code_quality: 3, communication: 2 }, after: { code_quality: 4, communication: 2 } },
        overall_rating: { before: 3, after: 4 },
        comments: { before: "", after: "See you Monday." },
      },
    },
  ],
};

function serve() {
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith("/history")) return json(200, HISTORY);
      if (path.endsWith("/rubric/versions/2")) return json(200, RUBRIC);
      if (path.endsWith("/feedback/f1")) return json(200, FEEDBACK);
      return json(404, {});
    }),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe("FeedbackHistory", () => {
  it("reads as words: criterion names with old and new scores, fields in the page's order", async () => {
    serve();
    renderAt(<FeedbackHistory id="f1" />);

    expect(await screen.findByText("Code quality")).toBeInTheDocument();
    const lines = screen.getAllByTestId("history-change").map((li) => li.textContent);
    expect(lines).toEqual([
      "Code quality: 3 → 4",
      "Overall rating: 3 → 4",
      "Strengths: Clear tests and removed: tidy added: short names.",
      "Comments: added: See you Monday.",
    ]);
    expect(screen.queryByText(/communication/i)).not.toBeInTheDocument();
    expect(screen.queryByText(/\{/)).not.toBeInTheDocument();
  });

  it("marks the removed and added words of a text change", async () => {
    serve();
    renderAt(<FeedbackHistory id="f1" />);

    const strengths = (await screen.findAllByTestId("history-change")).find((li) => li.textContent?.startsWith("Strengths"))!;
    expect(within(strengths).getByRole("deletion")).toHaveTextContent("tidy");
    expect(within(strengths).getByRole("insertion")).toHaveTextContent("short");
    expect(screen.getByText(/by Maria Mentor/)).toBeInTheDocument();
  });
});
