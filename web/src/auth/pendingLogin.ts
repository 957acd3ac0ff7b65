/**
 * The half-finished login between the password and the emailed code.
 *
 * Kept in memory and mirrored to sessionStorage so that reloading the code page keeps the pending
 * sign-in while it lives. What is stored: the address, the expiry and resend times, where to go
 * next, and the MFA token (already held in memory before). The MFA token is stored because the code
 * page cannot continue without it, and it is safe enough to keep for this tab: it alone signs no
 * one in (the emailed code is needed too), it dies with the code (minutes, checked below, and on
 * the server), it is single-use, sessionStorage is per tab and cleared when the tab closes, and it
 * is removed on success, on "start again" and once expired. The password is never stored.
 */
export interface PendingLogin {
  email: string;
  mfaToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  resendAt: number;
  /** Where to go after signing in. */
  next: string;
}

const KEY = "campus.pendingLogin";

let pending: PendingLogin | null = null;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled: memory only, a reload starts the login again
  }
}

function isPending(value: unknown): value is PendingLogin {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.email === "string" &&
    typeof v.mfaToken === "string" &&
    typeof v.expiresAt === "number" &&
    typeof v.resendAt === "number" &&
    typeof v.next === "string"
  );
}

function restore(): PendingLogin | null {
  const store = storage();
  const raw = store?.getItem(KEY);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (isPending(value) && value.expiresAt > Date.now()) return value;
  } catch {
    // unreadable: dropped below
  }
  store?.removeItem(KEY);
  return null;
}

export const pendingLogin = {
  get: (): PendingLogin | null => {
    if (pending && pending.expiresAt <= Date.now()) pendingLogin.set(null);
    pending ??= restore();
    return pending;
  },
  set: (value: PendingLogin | null): void => {
    pending = value;
    const store = storage();
    try {
      if (value) {
        // Only the fields above, whatever else the object carries.
        const { email, mfaToken, expiresAt, resendAt, next } = value;
        store?.setItem(KEY, JSON.stringify({ email, mfaToken, expiresAt, resendAt, next }));
      } else {
        store?.removeItem(KEY);
      }
    } catch {
      // quota or disabled storage: memory still holds it
    }
  },
};
