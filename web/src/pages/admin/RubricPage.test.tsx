import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt } from "../../test/render";
import { RubricPage } from "./RubricPage";

const RUBRIC = {
  version: 3,
  name: "Capstone rubric",
  created_at: "2026-11-30T10:00:00Z",
  criteria: [
    { key: "clarity", name: "Clarity", description: "", scale_min: 1, scale_max: 5, levels: [] },
    {
      key: "teamwork",
      name: "Teamwork",
      description: "",
      scale_min: 1,
      scale_max: 5,
      levels: [
        { score: 1, label: "Alone" },
        { score: 1, label: "Together" },
      ],
    },
  ],
};

/** The service's answer to that rubric: a 422 whose errors name each field. */
const REFUSED = problem(422, "validation-error", {
  title: "Validation failed",
  detail: "name: must not be empty or only spaces",
  errors: [
    { loc: ["body", "name"], msg: "must not be empty or only spaces", type: "blank" },
    { loc: ["body", "criteria", "1", "levels", "1", "score"], msg: "score 1 is already used by another level", type: "duplicate_score" },
    { loc: ["body", "criteria", "1", "name"], msg: "another criterion already has this name", type: "duplicate_name" },
  ],
});

afterEach(() => vi.unstubAllGlobals());

describe("RubricPage", () => {
  it("shows each refused field's message beside that field, and nothing beside the others", async () => {
    const fetch = vi.fn(async (request: Request) => (request.method === "PUT" ? REFUSED : json(200, RUBRIC)));
    vi.stubGlobal("fetch", fetch);
    renderAt(<RubricPage />, { path: "/admin/rubric" });

    await userEvent.click(await screen.findByRole("button", { name: "Save as a new version" }));

    const name = screen.getByLabelText("Rubric name");
    expect(await screen.findByText("must not be empty or only spaces")).toBeInTheDocument();
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("must not be empty or only spaces");
    const levels = screen.getByLabelText("Level labels, one per line as “score: label”", { selector: "#c-levels-1" });
    expect(levels).toHaveAccessibleDescription("Line 2, score: score 1 is already used by another level");
    expect(screen.getByLabelText("Name", { selector: "#c-name-1" })).toHaveAccessibleDescription(
      "another criterion already has this name",
    );
    expect(screen.getByLabelText("Name", { selector: "#c-name-0" })).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("Level labels, one per line as “score: label”", { selector: "#c-levels-0" })).not.toHaveAttribute(
      "aria-invalid",
    );
    expect(screen.getByRole("alert")).toHaveTextContent("name: must not be empty or only spaces");
  });

  it("a refusal for the number of criteria is shown under the criteria", async () => {
    const tooMany = problem(422, "validation-error", {
      detail: "criteria: List should have at most 20 items after validation, not 21",
      errors: [{ loc: ["body", "criteria"], msg: "List should have at most 20 items after validation, not 21", type: "too_long" }],
    });
    vi.stubGlobal("fetch", vi.fn(async (request: Request) => (request.method === "PUT" ? tooMany : json(200, RUBRIC))));
    renderAt(<RubricPage />, { path: "/admin/rubric" });

    await userEvent.click(await screen.findByRole("button", { name: "Save as a new version" }));

    expect(await screen.findByText("List should have at most 20 items after validation, not 21")).toHaveClass("field-error");
  });
});
