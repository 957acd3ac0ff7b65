import { useState, type FormEvent } from "react";

import { CodeInput } from "../../components/CodeInput";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage } from "../../components/feedback";

interface Props {
  initialEmail: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (values: { email: string; code: string; password: string }) => Promise<void>;
}

/** Email + emailed code + new password (twice): shared by password reset and invitation acceptance. */
export function SetPasswordForm({ initialEmail, submitLabel, busyLabel, onSubmit }: Props) {
  const [email, setEmail] = useState(initialEmail);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mismatch = confirm.length > 0 && confirm !== password;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ email, code, password });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <ErrorMessage error={error} />
      <EmailField value={email} onChange={setEmail} />
      <div className="field">
        <label htmlFor="code">6-digit code from the email</label>
        <CodeInput id="code" value={code} onChange={setCode} />
      </div>
      <div className="field">
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          aria-describedby="password-rules"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id="password-rules" className="hint">
          10 to 128 characters. Avoid common words, your name or your email; a few unrelated words work well.
        </p>
      </div>
      <div className="field">
        <label htmlFor="confirm-password">Repeat the new password</label>
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
            The two passwords are not the same.
          </p>
        ) : null}
      </div>
      <button type="submit" className="button-primary" disabled={busy || code.length !== 6} aria-busy={busy}>
        {busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}
