import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import type { AuditEvent } from "../../api/types";
import { json, problem, renderAt } from "../../test/render";
import { AuditPage } from "./AuditPage";
import { describeEvent, eventLabel, type NameOf } from "./auditText";

const ADA = "00000000-0000-0000-0000-00000000000a";
const GINA = "00000000-0000-0000-0000-00000000000b";

function entry(event: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `e-${event}-${Math.random()}`,
    created_at: "2026-12-03T09:00:00Z",
    event,
    actor_id: null,
    subject_id: GINA,
    subject_email: "gina@campus.local",
    ip: "10.0.0.9",
    request_id: null,
    details: {},
    ...overrides,
  };
}

const names: NameOf = (id) => (id === ADA ? "Ada Admin" : id === GINA ? "Gina Park" : null);

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
  ])("%#: says what happened, by name", (event, sentence) => {
    expect(describeEvent(event, names)).toBe(sentence);
  });

  it("names an actor the directory does not know as an admin", () => {
    expect(describeEvent(entry("user_enabled", { actor_id: "00000000-0000-0000-0000-0000000000ff" }), names)).toBe(
      "An admin enabled Gina Park's account.",
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
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const request = input instanceof Request ? input : new Request(new URL(String(input), "http://localhost"));
        const url = new URL(request.url);
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
      }),
    );
    renderAt(<AuditPage />);
    const row = await screen.findByTestId("audit-row");
    expect(within(row).getByRole("rowheader")).toHaveTextContent("Role changed");
    expect(await within(row).findByText("Ada Admin made Gina Park a mentor (was a student).")).toBeInTheDocument();
    expect(within(row).getByText("gina@campus.local")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Event" })).toHaveDisplayValue("All events");
  });
});
