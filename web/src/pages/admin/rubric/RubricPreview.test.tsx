import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { fromRubric } from "./model";
import { RubricPreview } from "./RubricPreview";

const DRAFT = fromRubric({
  name: "Capstone",
  criteria: [
    {
      name: "Clarity",
      scale_min: 1,
      scale_max: 3,
      weight: 2,
      levels: [
        { score: 1, label: "Vague", descriptor: "Hard to follow." },
        { score: 3, label: "Crisp", descriptor: "" },
      ],
    },
  ],
});

describe("RubricPreview", () => {
  it("shows every score of the scale with its label and descriptor as the mentor's editor does", () => {
    render(<RubricPreview draft={DRAFT} />);

    const mentor = screen.getByTestId("preview-mentor");
    expect(within(mentor).getByRole("group")).toHaveTextContent(/^Clarity/);
    const options = within(mentor).getAllByRole("listitem").map((li) => li.textContent);
    expect(options).toEqual(["1 Vague — Hard to follow.", "2", "3 Crisp"]);
  });

  it("shows the student's score card", async () => {
    render(<RubricPreview draft={DRAFT} />);

    await userEvent.click(screen.getByRole("button", { name: "As a student reads" }));

    const student = screen.getByTestId("preview-student");
    expect(student).toHaveTextContent("Clarity3 / 3Crisp");
    expect(screen.getByRole("button", { name: "As a student reads" })).toHaveAttribute("aria-pressed", "true");
  });
});
