import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ToastProvider } from "../../components/Toast";
import { json, renderAt, stubFetch, type Seen } from "../../test/render";
import { AssignmentsPage } from "./AssignmentsPage";

const LUCIA = { id: "m-1", name: "Lucía García", email: "lucia@school.example", role: "mentor", status: "active" };
const ASSIGNMENT = {
  id: "a-1",
  mentor: { id: "m-1", name: "Lucía García", email: "lucia@school.example" },
  student: { id: "s-1", name: "José Núñez", email: "jose@school.example" },
  cohort: "Week 8 — Review",
  created_at: "2026-11-02T10:00:00Z",
};

function serve(): Seen[] {
  return stubFetch(({ method, path, query }) => {
    if (path.endsWith("/admin/users")) {
      const users = query.get("role") === "mentor" && query.get("q") === "luc" ? [LUCIA] : [];
      return json(200, { users, total: users.length, limit: 8, offset: 0 });
    }
    if (method === "POST") return json(201, ASSIGNMENT);
    if (path.includes("/cohorts/trends")) return json(404, {});
    const cohort = query.get("cohort");
    return json(200, { items: !cohort || cohort === "week 8 - rev" ? [ASSIGNMENT] : [] });
  });
}

afterEach(() => vi.unstubAllGlobals());

function show() {
  renderAt(
    <ToastProvider>
      <AssignmentsPage />
    </ToastProvider>,
  );
}

describe("AssignmentsPage", () => {
  it("assigns a mentor chosen by part of their name to a student typed as an email", async () => {
    const calls = serve();
    show();
    await userEvent.type(screen.getByRole("combobox", { name: "Mentor" }), "luc");
    await screen.findByRole("option", { name: /Lucía García/ });
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(screen.getByRole("combobox", { name: "Mentor" })).toHaveValue("Lucía García (lucia@school.example)");
    await userEvent.type(screen.getByRole("combobox", { name: "Student" }), "Jose@School.example{Enter}");
    await waitFor(() => expect(calls.find((c) => c.method === "POST")).toBeDefined());
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({ mentor_id: "m-1", student_email: "jose@school.example", cohort: null });
    expect(await screen.findByText("Assigned: Lucía García now mentors José Núñez.")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Student" })).toHaveValue("");
  });

  it("says what is missing instead of sending part of a name", async () => {
    const calls = serve();
    show();
    await userEvent.type(screen.getByRole("combobox", { name: "Mentor" }), "lucia@school.example");
    await userEvent.type(screen.getByRole("combobox", { name: "Student" }), "jos{Escape}");
    await userEvent.click(screen.getByRole("button", { name: "Assign" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Choose a student from the list, or type their full email address.");
    expect(calls.some((c) => c.method === "POST")).toBe(false);
  });

  it("filters by part of the cohort's name", async () => {
    const calls = serve();
    show();
    expect(await screen.findByText("Week 8 — Review")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Cohort"), "week 8 - rev");
    await waitFor(() => expect(calls.some((c) => c.query.get("cohort") === "week 8 - rev")).toBe(true));
    await userEvent.type(screen.getByLabelText("Cohort"), "x");
    expect(await screen.findByText("No assignment in a cohort matching “week 8 - revx”.")).toBeInTheDocument();
  });
});
