import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { UserSession } from "../../api/types";
import { ToastProvider } from "../../components/Toast";
import { json, renderAt, stubFetch } from "../../test/render";
import { AccountPage } from "./AccountPage";

const SESSIONS: UserSession[] = [
  {
    id: "s-1",
    created_at: "2026-12-01T08:00:00Z",
    last_used_at: "2026-12-03T08:00:00Z",
    user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36",
    device: "Chrome on Linux",
    ip: "10.0.0.1",
    current: true,
  },
  {
    id: "s-2",
    created_at: "2026-12-02T08:00:00Z",
    last_used_at: "2026-12-02T09:00:00Z",
    user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) Version/18.1 Mobile Safari/604.1",
    device: "Safari on iPhone",
    ip: "10.0.0.2",
    current: false,
  },
];

const DEFAULT_PREFERENCES = {
  kinds: { feedback_published: "immediate", feedback_message: "immediate" },
  time_zone: null,
  digest_hour: 17,
};

function backend() {
  const deleted: string[] = [];
  stubFetch(({ method, path }) => {
    if (path.endsWith("/preferences/me")) return json(200, DEFAULT_PREFERENCES);
    if (path.endsWith("/me")) return json(200, { id: "u-1", email: "ada@campus.local", name: "Ada", role: "admin" });
    if (method === "DELETE") {
      deleted.push(path.split("/").pop() ?? "");
      return new Response(null, { status: 204 });
    }
    return json(200, { sessions: SESSIONS.filter((s) => !deleted.includes(s.id)) });
  });
  return deleted;
}

describe("AccountPage sessions", () => {
  it("names each device in words, the raw user agent only as its tooltip", async () => {
    backend();
    renderAt(
      <ToastProvider>
        <AccountPage />
      </ToastProvider>,
    );
    const phone = await screen.findByRole("rowheader", { name: /Safari on iPhone/ });
    expect(within(phone).getByText("Safari on iPhone")).toHaveAttribute("title", SESSIONS[1]?.user_agent);
    expect(screen.getByRole("rowheader", { name: /Chrome on Linux/ })).toHaveTextContent("This session");
    expect(screen.queryByText(/Mozilla/)).not.toBeInTheDocument();
  });

  it("asks before ending another session, and says when it is done", async () => {
    const deleted = backend();
    renderAt(
      <ToastProvider>
        <AccountPage />
      </ToastProvider>,
    );
    const end = await screen.findByRole("button", { name: "End the session of Safari on iPhone" });
    await userEvent.click(end);
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(deleted).toEqual([]);
    await userEvent.click(end);
    expect(screen.getByRole("alertdialog", { name: "Sign out Safari on iPhone?" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Sign it out" }));
    expect(await screen.findByText("Signed out: Safari on iPhone.")).toBeInTheDocument();
    expect(deleted).toEqual(["s-2"]);
  });
});
