import { useRef, useState, type FormEvent } from "react";

import { CodeInput } from "../../components/CodeInput";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage } from "../../components/feedback";
import { t } from "../../i18n";
import { ApiError, describeError } from "../../lib/problem";

/** Either the emailed code or, after a refused password, the grant the server answered with. */
export type SetPasswordValues = { email: string; password: string } & (
  | { code: string; grant?: undefined }
  | { grant: string; code?: undefined }
);

interface Props {
  initialEmail: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (values: SetPasswordValues) => Promise<void>;
}

/** The grant in a refused password's answer: the code is verified, only the password must change. */
function grantOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const grant = error.problem["grant"];
  return typeof grant === "string" && grant ? grant : null;
}

function isPasswordRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status === 422 && error.slug === "weak-password";
}

/** Email + emailed code + new password (twice): shared by password reset and invitation acceptance. */
export function SetPasswordForm({ initialEmail, submitLabel, busyLabel, onSubmit }: Props) {
  const [email, setEmail] = useState(initialEmail);
  const [code, setCode] = useState("");
  const [grant, setGrant] = useState<string | null>(null);
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const mismatch = confirm.length > 0 && confirm !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setPasswordError(null);
    try {
      await onSubmit(grant ? { email, grant, password } : { email, code, password });
    } catch (caught) {
      const next = grantOf(caught);
      if (next) {
        // The code is used up and verified: keep the person here, choosing another password.
        setGrant(next);
        setPassword("");
        setConfirm("");
        setPasswordError(describeError(caught));
        passwordInput.current?.focus();
      } else if (isPasswordRefusal(caught)) {
        // Refused before any account check (the grant, if any, still holds) or, after too many
        // tries, for good: then the code field is back for a new code.
        if (caught instanceof ApiError && caught.problem["new_code_needed"] === true) {
          setGrant(null);
          setCode("");
        }
        setPasswordError(describeError(caught));
      } else {
        // A grant that expired or ran out: back to the code (a new one from "Send a new code").
        setGrant(null);
        setCode("");
        setError(caught);
      }
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <ErrorMessage error={error} />
      <EmailField value={email} onChange={setEmail} />
      {grant ? (
        <p className="hint" data-testid="code-verified">
          {t("setPassword.verified")}
        </p>
      ) : (
        <div className="field">
          <label htmlFor="code">{t("setPassword.code")}</label>
          <CodeInput id="code" value={code} onChange={setCode} />
        </div>
      )}
      <div className="field">
        <label htmlFor="new-password">{t("account.password.new")}</label>
        <input
          ref={passwordInput}
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? "password-error password-rules" : "password-rules"}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {passwordError ? (
          <p id="password-error" className="field-error" role="alert">
            {passwordError}
          </p>
        ) : null}
        <p id="password-rules" className="hint">
          {t("setPassword.rules")}
        </p>
      </div>
      <div className="field">
        <label htmlFor="confirm-password">{t("setPassword.repeat")}</label>
        <input
          id="confirm-password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={mismatch}
          aria-describedby={mismatch ? "confirm-error" : undefined}
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
        />
        {mismatch ? (
          <p id="confirm-error" className="field-error">
            {t("setPassword.mismatch")}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button-primary" disabled={busy || (!grant && code.length !== 6)} aria-busy={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
