import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt } from "../../test/render";
import { FeedbackEditor } from "./FeedbackEditor";

const RUBRIC = {
  version: 4,
  name: "R",
  created_at: "2026-11-01T10:00:00Z",
  criteria: [
    {
      key: "clarity",
      name: "Clarity",
      description: "",
      scale_min: 1,
      scale_max: 3,
      weight: 1,
      levels: [
        { score: 1, label: "Vague", descriptor: "Hard to follow." },
        { score: 3, label: "Crisp", descriptor: "" },
      ],
    },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe("FeedbackEditor score options", () => {
  it("show each level's descriptor beside its label, as the rubric editor's preview does", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(200, RUBRIC)));
    renderAt(<FeedbackEditor />, { path: "/mentor/feedback/:id/edit", at: "/mentor/feedback/new/edit?student=s1" });

    expect(await screen.findByRole("radio", { name: /^1\s*Vague\s*—\s*Hard to follow\.$/ })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: /^3\s*Crisp$/ })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "2" })).toBeInTheDocument();
  });
});
