import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ToastProvider } from "../../components/Toast";
import { json, problem, renderAt, stubFetch } from "../../test/render";
import { NotificationPreferences } from "./NotificationPreferences";

type Stored = { kinds: Record<string, string>; time_zone: string | null; digest_hour: number };

function backend(stored: Stored, answer?: (body: unknown) => Response) {
  const saved: unknown[] = [];
  stubFetch(({ method, path, body }) => {
    expect(path).toBe("/api/notifications/v1/preferences/me");
    if (method !== "PUT") return json(200, stored);
    saved.push(body);
    return answer ? answer(body) : json(200, body);
  });
  return saved;
}

function show() {
  renderAt(
    <ToastProvider>
      <NotificationPreferences />
    </ToastProvider>,
  );
}

const KINDS = [
  "feedback_published",
  "feedback_message",
  "feedback_edited",
  "feedback_withdrawn",
  "feedback_acknowledged",
  "feedback_requested",
  "assignment_added",
];
const IMMEDIATE = Object.fromEntries(KINDS.map((kind) => [kind, "immediate"]));
const DEFAULTS: Stored = { kinds: IMMEDIATE, time_zone: null, digest_hour: 17 };

afterEach(() => vi.unstubAllGlobals());

describe("NotificationPreferences", () => {
  it("starts from the browser's time zone until one is saved, and saves every choice", async () => {
    const saved = backend(DEFAULTS);
    show();
    const message = await screen.findByLabelText("New message on a feedback");
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByLabelText("Time zone")).toHaveValue(browserZone);
    expect(screen.getByLabelText("Daily digest time")).toHaveValue("17");
    expect(within(message).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Immediately",
      "Daily digest",
      "Off",
    ]);

    await userEvent.selectOptions(message, "digest");
    await userEvent.selectOptions(screen.getByLabelText("New feedback published"), "off");
    await userEvent.selectOptions(screen.getByLabelText("Time zone"), "Pacific/Auckland");
    await userEvent.selectOptions(screen.getByLabelText("Daily digest time"), "7");
    await userEvent.click(screen.getByRole("button", { name: "Save notification settings" }));

    expect(await screen.findByText("Notification settings saved.")).toBeInTheDocument();
    expect(saved).toEqual([
      {
        kinds: { ...IMMEDIATE, feedback_published: "off", feedback_message: "digest" },
        time_zone: "Pacific/Auckland",
        digest_hour: 7,
      },
    ]);
  }, 20_000);

  it("shows what was saved before, and says that security emails are always sent", async () => {
    backend({ kinds: { feedback_published: "digest", feedback_message: "off" }, time_zone: "America/Los_Angeles", digest_hour: 8 });
    show();
    expect(await screen.findByLabelText("New feedback published")).toHaveValue("digest");
    expect(screen.getByLabelText("New message on a feedback")).toHaveValue("off");
    expect(screen.getByLabelText("Time zone")).toHaveValue("America/Los_Angeles");
    expect(screen.getByText(/at this time in your time zone/)).toBeInTheDocument();
    expect(screen.getByText(/Sign-in codes, password resets, invitations/)).toBeInTheDocument();
  });

  it("says what the service refused, and keeps the choices", async () => {
    backend(DEFAULTS, () => problem(422, "validation-error", { detail: "time_zone: not a known IANA time zone" }));
    show();
    const published = await screen.findByLabelText("New feedback published");
    await userEvent.selectOptions(published, "digest");
    await userEvent.click(screen.getByRole("button", { name: "Save notification settings" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("not a known IANA time zone");
    expect(published).toHaveValue("digest");
    expect(screen.queryByText("Notification settings saved.")).not.toBeInTheDocument();
  });

  it("lists every kind of event, and sends a kind the service left out as immediate", async () => {
    const saved = backend({ kinds: { feedback_published: "digest" }, time_zone: "UTC", digest_hour: 17 });
    show();
    const labels = [
      "New feedback published",
      "New message on a feedback",
      "Published feedback edited",
      "Feedback withdrawn",
      "A student acknowledged your feedback",
      "A student asks you for feedback",
      "A new mentor or student assigned",
    ];
    for (const label of labels) expect(await screen.findByLabelText(label)).toBeInTheDocument();
    expect(screen.getByLabelText("Published feedback edited")).toHaveValue("immediate");
    await userEvent.selectOptions(screen.getByLabelText("A student asks you for feedback"), "off");
    await userEvent.click(screen.getByRole("button", { name: "Save notification settings" }));
    await screen.findByText("Notification settings saved.");
    expect(saved).toEqual([
      { kinds: { ...IMMEDIATE, feedback_published: "digest", feedback_requested: "off" }, time_zone: "UTC", digest_hour: 17 },
    ]);
  }, 20_000);
});
