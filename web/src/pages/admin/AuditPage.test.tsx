import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { AuditEvent } from "../../api/types";
import { setLanguage } from "../../i18n";
import { json, problem, renderAt, stubFetch } from "../../test/render";
import { AuditPage } from "./AuditPage";
import { describeEvent, eventLabel, type NameOf } from "./auditText";

const ADA = "00000000-0000-0000-0000-00000000000a";
const GINA = "00000000-0000-0000-0000-00000000000b";
const MARIA = "00000000-0000-0000-0000-00000000000c";

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLanguage("en", { remember: false });
});

function entry(event: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `e-${event}-${Math.random()}`,
    created_at: "2026-12-03T09:00:00Z",
    event,
    source: "auth",
    actor_id: null,
    subject_id: GINA,
    subject_email: "gina@campus.local",
    ip: "10.0.0.9",
    request_id: null,
    details: {},
    ...overrides,
  };
}

const NAMES: Record<string, string> = { [ADA]: "Ada Admin", [GINA]: "Gina Park", [MARIA]: "Maria Mentor" };
const names: NameOf = (id) => (id ? (NAMES[id] ?? null) : null);
const feedback = (event: string, details: Record<string, unknown>, overrides: Partial<AuditEvent> = {}) =>
  entry(event, { source: "feedback", actor_id: MARIA, subject_email: null, ip: null, details, ...overrides });

describe("describeEvent", () => {
  it.each([
    [entry("role_changed", { actor_id: ADA, details: { old: "student", new: "admin" } }), "Ada Admin made Gina Park an admin (was a student)."],
    [entry("user_disabled", { actor_id: ADA }), "Ada Admin disabled Gina Park's account and signed them out."],
    [entry("sessions_revoked", { actor_id: ADA, details: { count: 1 } }), "Ada Admin signed Gina Park out on every device (1 session ended)."],
    [entry("logout_all", { details: { count: 3 } }), "Gina Park signed out everywhere (3 sessions ended)."],
    [entry("login_failed", { details: { reason: "disabled" } }), "A sign-in as Gina Park failed: the account is disabled."],
    [entry("login_failed", { subject_id: null, subject_email: "nobody@campus.local" }), "A sign-in as nobody@campus.local failed: wrong email or password."],
    [entry("user_created", { details: { role: "admin", via: "cli" } }), "The command line created Gina Park's account as an admin."],
    [entry("invitation_sent", { details: { self_service: true } }), "Gina Park asked for a new invitation code."],
    [entry("code_ok", { details: { purpose: "login" } }), "Gina Park signed in with their password and an emailed code."],
    [entry("code_ok", { details: { purpose: "invite" } }), "Gina Park signed in by accepting their invitation."],
    [
      feedback("feedback_withdrawn", { title: "Week 8 review", reason: "wrong student", mentor_id: MARIA }),
      "Maria Mentor withdrew feedback “Week 8 review” for Gina Park: wrong student.",
    ],
    [feedback("rubric_saved", { version: 3, name: "Mentoring rubric" }, { actor_id: ADA, subject_id: null }), "Ada Admin saved version 3 of the rubric “Mentoring rubric”."],
    [feedback("assignment_added", { mentor_id: MARIA, cohort: "Cohort A" }, { actor_id: ADA }), "Ada Admin assigned Gina Park to Maria Mentor in Cohort A."],
    [feedback("assignment_removed", { mentor_id: MARIA }, { actor_id: ADA }), "Ada Admin removed Gina Park from Maria Mentor's students."],
    [feedback("assignments_imported", { count: 12 }, { actor_id: ADA, subject_id: null }), "Ada Admin imported 12 assignments from a CSV file."],
    [
      feedback("feedback_exported", { rows: 1, filters: { states: ["published"], cohorts: ["Cohort A"] } }, { subject_id: null }),
      "Maria Mentor exported 1 feedback as CSV (state: published, cohorts: Cohort A).",
    ],
    [feedback("feedback_exported", { rows: 40, filters: {} }, { subject_id: null }), "Maria Mentor exported 40 feedback entries as CSV (no filters)."],
  ])("%#: says what happened, by name", (event, sentence) => {
    expect(describeEvent(event, names)).toBe(sentence);
  });

  it("names an actor the directory does not know as an admin", () => {
    expect(describeEvent(entry("user_enabled", { actor_id: "00000000-0000-0000-0000-0000000000ff" }), names)).toBe(
      "An admin enabled Gina Park's account.",
    );
  });

  it("says it in Spanish for a Spanish reader", async () => {
    await setLanguage("es", { remember: false });
    expect(describeEvent(feedback("feedback_withdrawn", { title: "Semana 8", reason: "otro estudiante" }), names)).toBe(
      "Maria Mentor retiró la retroalimentación «Semana 8» de Gina Park: otro estudiante.",
    );
    expect(eventLabel("rubric_saved")).toBe("Versión de la rúbrica guardada");
    expect(describeEvent(entry("role_changed", { actor_id: ADA, details: { old: "student", new: "mentor" } }), names)).toBe(
      "Ada Admin cambió el rol de Gina Park a mentor (antes: estudiante).",
    );
  });

  it("reads an event it does not know as words, details included", () => {
    const event = entry("passkey_added", { details: { device_name: "Laptop" } });
    expect(eventLabel(event.event)).toBe("Passkey added");
    expect(describeEvent(event, names)).toBe("Passkey added for Gina Park (device name: Laptop).");
  });
});

describe("AuditPage", () => {
  it("shows who acted and on whom by name, with the event's label and a sentence", async () => {
    stubFetch(({ url }) => {
      if (url.pathname.endsWith("/admin/audit")) {
        return json(200, {
          events: [entry("role_changed", { actor_id: ADA, details: { old: "student", new: "mentor" } })],
          total: 1,
          limit: 50,
          offset: 0,
        });
      }
      if (url.pathname.endsWith(`/admin/users/${ADA}`)) return json(200, { id: ADA, name: "Ada Admin", email: "admin@campus.local", role: "admin", status: "active" });
      if (url.pathname.endsWith(`/admin/users/${GINA}`)) return json(200, { id: GINA, name: "Gina Park", email: "gina@campus.local", role: "mentor", status: "active" });
      return problem(404, "not-found");
    });
    renderAt(<AuditPage />);
    const row = await screen.findByTestId("audit-row");
    expect(within(row).getByRole("rowheader")).toHaveTextContent("Role changed");
    expect(await within(row).findByText("Ada Admin made Gina Park a mentor (was a student).")).toBeInTheDocument();
    expect(within(row).getByText("gina@campus.local")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Event" })).toHaveDisplayValue("All events");
  });
});

describe("AuditPage filters", () => {
  it("asks for part of a name, an event and a date range, and lists feedback events with names", async () => {
    const asked: URL[] = [];
    stubFetch(({ url }) => {
      if (url.pathname.endsWith("/admin/audit")) {
        asked.push(url);
        return json(200, {
          events: [feedback("feedback_withdrawn", { title: "Week 8 review", reason: "wrong student", mentor_id: MARIA }, { actor_id: ADA })],
          total: 1,
          limit: 50,
          offset: 0,
        });
      }
      const id = url.pathname.split("/").pop() ?? "";
      return NAMES[id] ? json(200, { id, name: NAMES[id], email: "x@campus.local", role: "admin", status: "active" }) : problem(404, "not-found");
    });
    renderAt(<AuditPage />);
    const row = await screen.findByTestId("audit-row");
    expect(within(row).getByRole("rowheader")).toHaveTextContent("Feedback withdrawn");
    expect(await within(row).findByText("Ada Admin withdrew feedback “Week 8 review” for Gina Park: wrong student.")).toBeInTheDocument();

    await userEvent.type(screen.getByRole("searchbox", { name: "Person" }), "gína");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Event" }), "Feedback withdrawn");
    await userEvent.type(screen.getByLabelText("From"), "2026-12-01");
    await userEvent.type(screen.getByLabelText("To"), "2026-12-03");
    await waitFor(() => {
      const last = asked.at(-1)!;
      expect(last.searchParams.get("person")).toBe("gína");
      expect(last.searchParams.get("event")).toBe("feedback_withdrawn");
      expect(new Date(last.searchParams.get("since")!).getTime()).toBe(new Date(2026, 11, 1).getTime());
      expect(new Date(last.searchParams.get("until")!).getTime()).toBe(new Date(2026, 11, 4).getTime());
    });
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(asked.at(-1)!.searchParams.get("person")).toBeNull());
    expect(screen.getByRole("searchbox", { name: "Person" })).toHaveValue("");
  });
});
