import { describe, expect, it, vi } from "vitest";

import { REFRESH_URL, Session, userFromToken } from "./session";

function token(claims: Record<string, unknown>): string {
  const encode = (value: object) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${encode({ alg: "ES256", kid: "k1" })}.${encode(claims)}.signature`;
}

const ALEX = { sub: "u-1", role: "student", email: "alex@campus.local", name: "Alex Rivera" };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function grant(name = "Alex Rivera") {
  return { access_token: token({ ...ALEX, name }), expires_in: 900 };
}

const API = "http://localhost/api/feedback/v1/feedback";

describe("userFromToken", () => {
  it("reads the user from the access token's claims, including non-ASCII names", () => {
    expect(userFromToken(token({ ...ALEX, name: "Zoë Ångström" }))).toEqual({
      id: "u-1",
      email: "alex@campus.local",
      name: "Zoë Ångström",
      role: "student",
    });
  });

  it("refuses a token with an unknown role", () => {
    expect(() => userFromToken(token({ ...ALEX, role: "root" }))).toThrow("unknown role");
  });
});

describe("Session", () => {
  it("keeps the access token in memory only", () => {
    const session = new Session(vi.fn());
    session.signIn(grant());
    expect(session.accessToken).toContain(".");
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
    expect(document.cookie).toBe("");
  });

  it("sends the access token as a bearer header", async () => {
    const fetcher = vi.fn(async (_input: RequestInfo | URL) => json(200, { ok: true }));
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    await session.fetch(new Request(API));
    const sent = fetcher.mock.calls[0]![0] as Request;
    expect(sent.headers.get("Authorization")).toBe(`Bearer ${session.accessToken}`);
  });

  it("on a 401 refreshes once through the cookie and retries the request with the new token", async () => {
    const session = new Session();
    session.signIn(grant("Old Name"));
    const seen: string[] = [];
    const fetcher = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (input === REFRESH_URL) {
        expect(init?.method).toBe("POST");
        expect(init?.credentials).toBe("same-origin");
        return json(200, grant("New Name"));
      }
      const request = input as Request;
      seen.push(`${request.method} ${await request.text()} ${request.headers.get("Authorization")}`);
      return seen.length === 1 ? json(401, { status: 401 }) : json(200, { ok: true });
    });
    Object.assign(session, { fetcher });
    const oldToken = session.accessToken;
    const response = await session.fetch(new Request(API, { method: "POST", body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(fetcher).toHaveBeenCalledTimes(3);
    expect(seen[0]).toBe(`POST {"a":1} Bearer ${oldToken}`);
    expect(seen[1]).toBe(`POST {"a":1} Bearer ${session.accessToken}`);
    expect(session.currentUser?.name).toBe("New Name");
  });

  it("shares one refresh between concurrent 401s", async () => {
    let refreshes = 0;
    const fetcher = vi.fn(async (input: RequestInfo | URL) => {
      if (input === REFRESH_URL) {
        refreshes += 1;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return json(200, grant());
      }
      const auth = (input as Request).headers.get("Authorization");
      return auth === "Bearer stale" ? json(401, {}) : json(200, {});
    });
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    Object.assign(session, { token: "stale" });
    const results = await Promise.all([1, 2, 3].map(() => session.fetch(new Request(API))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
  });

  it("when the refresh fails, signs out and tells the app to send the user to log in", async () => {
    const fetcher = vi.fn(async (input: RequestInfo | URL) =>
      input === REFRESH_URL ? json(401, { status: 401 }) : json(401, { status: 401 }),
    );
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    const expired = vi.fn();
    session.onExpired(expired);
    const response = await session.fetch(new Request(API));
    expect(response.status).toBe(401);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(session.accessToken).toBeNull();
    expect(fetcher).toHaveBeenCalledTimes(2);
  });

  it("retries only once: a second 401 after a successful refresh ends the session", async () => {
    const fetcher = vi.fn(async (input: RequestInfo | URL) => (input === REFRESH_URL ? json(200, grant()) : json(401, {})));
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    const expired = vi.fn();
    session.onExpired(expired);
    await session.fetch(new Request(API));
    expect(fetcher).toHaveBeenCalledTimes(3);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(session.currentUser).toBeNull();
  });

  it("refreshes silently shortly before the access token expires", async () => {
    vi.useFakeTimers();
    try {
      const fetcher = vi.fn(async () => json(200, { access_token: token(ALEX), expires_in: 900 }));
      const session = new Session(fetcher as unknown as typeof fetch);
      session.signIn({ access_token: token(ALEX), expires_in: 300 });
      await vi.advanceTimersByTimeAsync(239_000);
      expect(fetcher).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(fetcher).toHaveBeenCalledWith(REFRESH_URL, expect.objectContaining({ method: "POST" }));
      expect(session.secondsLeft()).toBeGreaterThan(800);
    } finally {
      vi.useRealTimers();
    }
  });

  it("on load without a refresh cookie stays signed out", async () => {
    const session = new Session(vi.fn(async () => json(401, {})) as unknown as typeof fetch);
    expect(await session.refresh()).toBe(false);
    expect(session.currentUser).toBeNull();
  });

  it("logout tells the server, then forgets the token", async () => {
    const fetcher = vi.fn(async (_input: RequestInfo | URL) => new Response(null, { status: 204 }));
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    await session.logout(true);
    const sent = fetcher.mock.calls[0]![0] as Request;
    expect(new URL(sent.url).pathname).toBe("/api/auth/logout/all");
    expect(sent.headers.get("Authorization")).toMatch(/^Bearer /);
    expect(session.accessToken).toBeNull();
  });
});

describe("Session 401s that are not about the session", () => {
  it("does not refresh when no token was sent (the login form's own 401)", async () => {
    const fetcher = vi.fn(async () => json(401, { type: "https://campus.example/problems/wrong-code", attempts_left: 3 }));
    const session = new Session(fetcher as unknown as typeof fetch);
    const expired = vi.fn();
    session.onExpired(expired);
    const response = await session.fetch(new Request("http://localhost/api/auth/login/mfa", { method: "POST" }));
    expect(response.status).toBe(401);
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(expired).not.toHaveBeenCalled();
  });

  it("does not sign out a user who typed a wrong current password", async () => {
    const fetcher = vi.fn(async () => json(401, { type: "https://campus.example/problems/invalid-credentials" }));
    const session = new Session(fetcher as unknown as typeof fetch);
    session.signIn(grant());
    const response = await session.fetch(new Request("http://localhost/api/auth/password/change", { method: "POST" }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ type: "https://campus.example/problems/invalid-credentials" });
    expect(fetcher).toHaveBeenCalledTimes(1);
    expect(session.currentUser).not.toBeNull();
  });
});

describe("Session refresh racing a sign-in", () => {
  it("a load-time refresh that fails after the user signed in does not sign them out", async () => {
    let answer: (response: Response) => void = () => undefined;
    const fetcher = vi.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    const session = new Session(fetcher as unknown as typeof fetch);
    const pending = session.refresh();
    session.signIn(grant("Signed In"));
    answer(json(401, { status: 401 }));
    expect(await pending).toBe(true);
    expect(session.currentUser?.name).toBe("Signed In");
  });
});
