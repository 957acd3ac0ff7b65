/**
 * The signed-in session: the access token lives in memory only (never in storage), the refresh
 * token in an HttpOnly cookie the browser sends to POST /api/auth/refresh. A refresh happens on
 * load, shortly before the access token expires, and once after any 401, before one retry.
 */

import type { components } from "../api/auth";

type UserOut = components["schemas"]["UserOut"];
type TokenOut = components["schemas"]["TokenOut"];

/** The roles auth-backend knows (from its OpenAPI, like every API type of the app). */
export type Role = UserOut["role"];

export type SessionUser = Pick<UserOut, "id" | "email" | "name" | "role">;

/**
 * The answer of a login, a code check or a refresh (auth-backend's TokenOut). `user` is read when
 * present; otherwise the access token's claims say who signed in.
 */
export type TokenGrant = Pick<TokenOut, "access_token" | "expires_in"> & { user?: SessionUser };

const ROLES: readonly Role[] = ["student", "mentor", "admin"];

type Listener = () => void;

export const REFRESH_URL = "/api/auth/refresh";
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_S = 60;

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  if (!part) throw new Error("malformed access token");
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function isRole(value: unknown): value is Role {
  return ROLES.includes(value as Role);
}

export function userFromToken(token: string): SessionUser {
  const claims = decodeClaims(token);
  const role = claims["role"];
  if (!isRole(role)) throw new Error("unknown role");
  return {
    id: String(claims["sub"] ?? ""),
    email: String(claims["email"] ?? ""),
    name: String(claims["name"] ?? ""),
    role,
  };
}

export class Session {
  private token: string | null = null;
  private user: SessionUser | null = null;
  private expiresAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<boolean> | null = null;
  /** Counts sign-ins, so a refresh answer that arrives after a newer sign-in is ignored. */
  private generation = 0;
  private listeners = new Set<Listener>();
  private expiredListeners = new Set<Listener>();

  constructor(private readonly fetcher: typeof fetch = (...args) => fetch(...args)) {}

  get accessToken(): string | null {
    return this.token;
  }

  get currentUser(): SessionUser | null {
    return this.user;
  }

  /** Seconds until the access token expires (0 when signed out). */
  secondsLeft(now = Date.now()): number {
    return this.token ? Math.max(0, Math.round((this.expiresAt - now) / 1000)) : 0;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when a request stays unauthorized after one refresh: the app sends the user to log in. */
  onExpired(listener: Listener): () => void {
    this.expiredListeners.add(listener);
    return () => this.expiredListeners.delete(listener);
  }

  /** Accepts the tokens of a login, a code check or a refresh. */
  signIn(grant: TokenGrant): SessionUser {
    const user = grant.user && isRole(grant.user.role)
      ? { id: grant.user.id, email: grant.user.email, name: grant.user.name, role: grant.user.role }
      : userFromToken(grant.access_token);
    this.generation += 1;
    this.token = grant.access_token;
    this.user = user;
    this.expiresAt = Date.now() + grant.expires_in * 1000;
    this.schedule(grant.expires_in);
    this.emit();
    return user;
  }

  /** Forgets the tokens locally (the server side is logout()'s job). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const had = this.token !== null;
    this.token = null;
    this.user = null;
    this.expiresAt = 0;
    if (had) this.emit();
  }

  /**
   * Trades the refresh cookie for a new access token. Concurrent callers share one request, so
   * several 401s at once cause one refresh (the server rotates the cookie on each use).
   */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      this.inflight = this.doRefresh().finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async doRefresh(): Promise<boolean> {
    const started = this.generation;
    try {
      const response = await this.fetcher(REFRESH_URL, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      // Signed in meanwhile (e.g. the login form finished before the load-time refresh answered):
      // that newer session wins.
      if (this.generation !== started) return this.token !== null;
      if (!response.ok) {
        this.clear();
        return false;
      }
      const grant = (await response.json()) as TokenGrant;
      if (this.generation !== started) return this.token !== null;
      this.signIn(grant);
      return true;
    } catch {
      // A network error is not a logout: keep what we have, the next request will tell.
      return this.token !== null;
    }
  }

  /**
   * fetch with the access token, and one refresh + retry on 401. Used as openapi-fetch's fetch.
   */
  async fetch(input: Request): Promise<Response> {
    const retry = input.clone();
    const hadToken = this.token !== null;
    const response = await this.fetcher(this.authorize(input));
    if (response.status !== 401 || !hadToken || input.url.endsWith(REFRESH_URL)) return response;
    if (NOT_ABOUT_THE_SESSION.has(await problemSlug(response))) return response;
    if (!(await this.refresh())) {
      this.expire();
      return response;
    }
    const second = await this.fetcher(this.authorize(retry));
    if (second.status === 401) {
      this.clear();
      this.expire();
    }
    return second;
  }

  /** Ends the session: tells the server (which clears the cookie), then forgets locally. */
  async logout(everywhere = false): Promise<void> {
    const url = everywhere ? "/api/auth/logout/all" : "/api/auth/logout";
    try {
      const request = this.authorize(new Request(new URL(url, baseHref()), { method: "POST", credentials: "same-origin" }));
      await this.fetcher(request);
    } finally {
      this.clear();
    }
  }

  private authorize(request: Request): Request {
    if (this.token && !request.headers.has("Authorization")) {
      request.headers.set("Authorization", `Bearer ${this.token}`);
    }
    return request;
  }

  private schedule(expiresIn: number): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(5, expiresIn - REFRESH_MARGIN_S) * 1000;
    this.timer = setTimeout(() => {
      void this.refresh();
    }, delay);
  }

  private expire(): void {
    for (const listener of this.expiredListeners) listener();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** 401s that judge what the user typed (a password, a code), not the access token. */
const NOT_ABOUT_THE_SESSION = new Set(["invalid-credentials", "wrong-code"]);

async function problemSlug(response: Response): Promise<string> {
  try {
    const body = (await response.clone().json()) as { type?: unknown };
    const type = typeof body.type === "string" ? body.type : "";
    return type.slice(type.lastIndexOf("/") + 1);
  } catch {
    return "";
  }
}

function baseHref(): string {
  return typeof window !== "undefined" ? window.location.href : "http://localhost/";
}

/** The app's one session. */
export const session = new Session();
