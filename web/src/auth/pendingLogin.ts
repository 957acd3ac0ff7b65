/**
 * The half-finished login between the password and the emailed code. Memory only: a reload of the
 * code page starts the login again, which is safer than keeping the MFA token in storage.
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

let pending: PendingLogin | null = null;

export const pendingLogin = {
  get: (): PendingLogin | null => pending,
  set: (value: PendingLogin | null): void => {
    pending = value;
  },
};
