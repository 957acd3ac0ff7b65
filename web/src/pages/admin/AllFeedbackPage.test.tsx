import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import i18n from "../../i18n";
import { json, renderAt, stubFetch, type Seen } from "../../test/render";
import { AllFeedbackPage } from "./AllFeedbackPage";

const ITEM = {
  id: "f-1",
  title: "Week 8 review",
  student_id: "s-1",
  student_name: "José Núñez",
  mentor_id: "m-1",
  mentor_name: "Lucía García",
  state: "published",
  acknowledged_at: "2026-11-03T10:00:00Z",
  published_at: "2026-11-02T10:00:00Z",
  created_at: "2026-11-02T09:00:00Z",
};

function serve(): Seen[] {
  return stubFetch(({ query }) => {
    const cohort = query.get("cohort");
    return json(200, { items: !cohort || cohort === "week 8" ? [ITEM] : [], next_cursor: null });
  });
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18n.changeLanguage("en");
});

describe("AllFeedbackPage", () => {
  it("filters by part of the cohort's name once typing pauses", async () => {
    const asked = serve();
    renderAt(<AllFeedbackPage />);
    expect(await screen.findByText("Week 8 review")).toBeInTheDocument();
    expect(screen.getByText("published · acknowledged")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Cohort"), "week 8");
    await waitFor(() => expect(asked.some(({ query }) => query.get("cohort") === "week 8")).toBe(true));
    expect(asked.some(({ query }) => query.get("cohort") === "we")).toBe(false);
    await userEvent.type(screen.getByLabelText("Cohort"), "x");
    expect(await screen.findByText("No feedback matches these filters.")).toBeInTheDocument();
  });

  it("speaks Spanish", async () => {
    serve();
    await i18n.changeLanguage("es");
    renderAt(<AllFeedbackPage />);
    expect(screen.getByRole("heading", { name: "Toda la retroalimentación" })).toBeInTheDocument();
    expect(await screen.findByText("publicada · leída")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Exportar CSV" })).toBeInTheDocument();
  });
});
