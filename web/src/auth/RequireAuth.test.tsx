import { render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";

import { json } from "../test/render";
import { AuthProvider } from "./AuthProvider";
import { RequireAuth } from "./RequireAuth";
import { session } from "./session";

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function app(at: string) {
  return render(
    <AuthProvider>
      <MemoryRouter initialEntries={[at]}>
        <Routes>
          <Route
            path="/student/*"
            element={
              <RequireAuth roles={["student"]}>
                <p>secret student page</p>
              </RequireAuth>
            }
          />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </AuthProvider>,
  );
}

function token(role: string): string {
  const claims = btoa(JSON.stringify({ sub: "u-1", role, email: "a@b.c", name: "A" }));
  return `h.${claims.replace(/=+$/, "")}.s`;
}

afterEach(() => {
  vi.unstubAllGlobals();
  session.clear();
});

describe("RequireAuth", () => {
  it("without a refresh cookie sends the visitor to log in, remembering where they were", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(401, { status: 401 })));
    app("/student/feedback/7?tab=reply");
    expect(await screen.findByTestId("where")).toHaveTextContent("/login?next=%2Fstudent%2Ffeedback%2F7%3Ftab%3Dreply");
    expect(screen.queryByText("secret student page")).not.toBeInTheDocument();
  });

  it("restores the session from the refresh cookie on load (a reload keeps the user signed in)", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(200, { access_token: token("student"), expires_in: 900 })));
    app("/student");
    expect(await screen.findByText("secret student page")).toBeInTheDocument();
  });

  it("sends a user of another role to their start page", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => json(200, { access_token: token("mentor"), expires_in: 900 })));
    app("/student");
    expect(await screen.findByTestId("where")).toHaveTextContent(/^\/$/);
  });
});
