import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, renderAt, stubFetch } from "../../test/render";
import { StudentHome } from "./StudentHome";

vi.mock("../../auth/AuthProvider", () => ({ useAuth: () => ({ user: { id: "st-1" } }) }));

const rubric = { version: 1, name: "Default", criteria: [] };

function service(mine: { cohorts: unknown[]; past: unknown[] }) {
  return stubFetch(({ path }) => {
    if (path.endsWith("/v1/self-assessments/mine")) return json(200, mine);
    if (path.endsWith("/v1/feedback")) return json(200, { items: [], next_cursor: null });
    return json(200, { criteria: [], overall: [] });
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("StudentHome", () => {
  it("offers the self-assessment only when a cohort of the student asks for one", async () => {
    const asked = service({ cohorts: [{ cohort: "Spring", rubric, current: null }], past: [] });
    renderAt(<StudentHome />);
    expect(await screen.findByRole("link", { name: "Assess yourself" })).toHaveAttribute("href", "/student/self-assessment");
    expect(asked.some((r) => r.path.endsWith("/v1/self-assessments/mine"))).toBe(true);
  });

  it("does not offer it to a student whose cohorts ask for none", async () => {
    const asked = service({ cohorts: [], past: [] });
    renderAt(<StudentHome />);
    await waitFor(() => expect(asked.some((r) => r.path.endsWith("/v1/self-assessments/mine"))).toBe(true));
    expect(await screen.findByRole("link", { name: "Ask for feedback" })).toBeVisible();
    expect(screen.queryByRole("link", { name: "Assess yourself" })).toBeNull();
  });
});
