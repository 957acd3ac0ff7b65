import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem, renderAt, stubFetch } from "../../test/render";
import { CohortSettingsPage } from "./CohortSettingsPage";
import { RubricLibraryPage } from "./rubric/RubricLibraryPage";

const VERSION = { version: 3, rubric_id: "w-1", name: "Writing", created_at: "2026-11-01T10:00:00Z", criteria: [] };
const LIBRARY = {
  items: [
    { id: "default", name: "Core", archived: false, archived_at: null, created_at: "2026-10-01T10:00:00Z", is_default: true, current: { ...VERSION, version: 1, rubric_id: "default", name: "Core" } },
    { id: "w-1", name: "Writing", archived: false, archived_at: null, created_at: "2026-11-01T10:00:00Z", is_default: false, current: VERSION },
    { id: "old", name: "Old one", archived: true, archived_at: "2026-11-02T10:00:00Z", created_at: "2026-10-02T10:00:00Z", is_default: false, current: null },
  ],
};
const COHORTS = {
  items: [{ cohort: "Week 8", rubric_id: "default", rubric_name: "Core", post_policy: "automatic", self_assessment: false, updated_at: null }],
};

function serve(put?: () => Response) {
  return stubFetch((seen) => {
    if (seen.path.endsWith("/v1/rubrics")) return json(200, LIBRARY);
    if (seen.path.endsWith("/v1/cohorts")) return json(200, COHORTS);
    if (seen.method === "PUT" && put) return put();
    if (seen.method === "PUT") return json(200, { ...COHORTS.items[0], rubric_id: "w-1", rubric_name: "Writing" });
    if (seen.method === "POST") return json(200, { ...LIBRARY.items[2], archived: false, archived_at: null });
    return problem(404, "not-found");
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("CohortSettingsPage", () => {
  it("gives a cohort a rubric of the library (archived ones not offered), a post policy and self-assessment", async () => {
    const asked = serve();
    renderAt(<CohortSettingsPage />);
    const card = await screen.findByTestId("cohort-settings");
    const rubric = within(card).getByLabelText("Rubric");
    expect(within(rubric).getAllByRole("option").map((o) => o.textContent)).toEqual(["Core (default)", "Writing"]);

    await userEvent.selectOptions(rubric, "Writing");
    await userEvent.selectOptions(within(card).getByLabelText("Post policy"), "Manual");
    expect(within(card).getByLabelText("Post policy")).toHaveAccessibleDescription(/waits until a mentor or an admin releases it/);
    await userEvent.click(within(card).getByLabelText(/Students assess themselves/));
    await userEvent.click(within(card).getByRole("button", { name: "Save Week 8" }));

    expect(await within(card).findByText("Week 8 saved.")).toBeInTheDocument();
    const put = asked.find((s) => s.method === "PUT");
    expect(put?.path).toMatch(/\/v1\/cohorts\/Week%208\/settings$/);
    expect(put?.body).toEqual({ rubric_id: "w-1", post_policy: "manual", self_assessment: true });
  });

  it("says why a save was refused", async () => {
    serve(() => problem(409, "rubric-archived", { detail: "The rubric 'Writing' is archived; restore it before assigning it." }));
    renderAt(<CohortSettingsPage />);
    const card = await screen.findByTestId("cohort-settings");
    await userEvent.click(within(card).getByRole("button", { name: "Save Week 8" }));
    expect(await within(card).findByRole("alert")).toHaveTextContent("is archived");
  });
});

describe("RubricLibraryPage", () => {
  it("lists the library, links each rubric to its editor, and restores an archived one", async () => {
    const asked = serve();
    renderAt(<RubricLibraryPage />);
    const rows = await screen.findAllByTestId("library-rubric");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByRole("link", { name: "Core" })).toHaveAttribute("href", "/admin/rubric");
    expect(within(rows[1]!).getByRole("link", { name: "Writing" })).toHaveAttribute("href", "/admin/rubrics/w-1");
    expect(rows[1]).toHaveTextContent("Version 3 · 0 criteria");
    expect(within(rows[0]!).queryByRole("button")).not.toBeInTheDocument();

    await userEvent.click(within(rows[2]!).getByRole("button", { name: "Restore Old one" }));
    expect(await screen.findByText("Old one is restored.")).toBeInTheDocument();
    expect(asked.find((s) => s.method === "POST")?.path).toMatch(/\/v1\/rubrics\/old\/restore$/);
  });
});
