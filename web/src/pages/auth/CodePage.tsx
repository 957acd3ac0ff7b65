import { useEffect, useState, type FormEvent } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, Navigate, useNavigate } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { pendingLogin } from "../../auth/pendingLogin";
import { session } from "../../auth/session";
import { CodeInput } from "../../components/CodeInput";
import { ErrorMessage } from "../../components/feedback";
import { t } from "../../i18n";
import { ApiError, formatWait } from "../../lib/problem";
import { formatClock, useCountdown } from "../../lib/useCountdown";

type Outcome = { kind: "wrong"; attemptsLeft: number | null } | { kind: "dead"; reason: string } | null;

/** Reads a failed code check: a wrong code with attempts left, or a verification that can no longer pass. */
export function readCodeError(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return null;
  const left = error.problem["attempts_left"];
  const attemptsLeft = typeof left === "number" ? left : null;
  const slug = error.slug;
  const dead =
    attemptsLeft === 0 ||
    error.status === 409 ||
    error.status === 410 ||
    /finished|expired|max-attempts|dead|canceled/.test(slug);
  if (dead) {
    const detail = error.status === 410 && error.problem.detail ? error.problem.detail : null;
    const reason = detail ? detail : /expired/.test(slug + String(error.problem["verification_status"] ?? ""))
      ? t("code.expired")
      : attemptsLeft === 0 || /max/.test(slug + String(error.problem["verification_status"] ?? ""))
        ? t("code.lastAttempt")
        : t("code.unusable");
    return { kind: "dead", reason };
  }
  if (error.status === 400 || error.status === 401 || error.status === 422) return { kind: "wrong", attemptsLeft };
  return null;
}

export function CodePage() {
  const navigate = useNavigate();
  const [pending, setPending] = useState(pendingLogin.get());
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [resent, setResent] = useState(false);
  const expiresIn = useCountdown(pending?.expiresAt ?? null);
  const resendIn = useCountdown(pending?.resendAt ?? null);
  const [wrongTries, setWrongTries] = useState(0);
  const { t } = useTranslation();

  // After a wrong code, back to the field with its content selected: typing replaces it.
  useEffect(() => {
    if (wrongTries === 0 || busy) return;
    const field = document.getElementById("code");
    if (field instanceof HTMLInputElement) {
      field.focus();
      field.select();
    }
  }, [wrongTries, busy]);

  // The wrong code stays in the field, so entering the very same digits again changes nothing
  // React would report; check it again anyway (another attempt, as the person asked).
  useEffect(() => {
    const field = document.getElementById("code");
    if (!(field instanceof HTMLInputElement) || wrongTries === 0) return;
    const again = () => {
      const digits = field.value.replace(/\D/g, "");
      if (digits.length === 6 && digits === code) field.form?.requestSubmit();
    };
    field.addEventListener("input", again);
    return () => field.removeEventListener("input", again);
  }, [code, wrongTries]);

  if (!pending) return <Navigate to="/login" replace />;

  const verify = async (value: string) => {
    if (busy || value.length !== 6) return;
    setBusy(true);
    setError(null);
    setResent(false);
    try {
      const grant = await unwrap(authApi.POST("/login/mfa", { body: { mfa_token: pending.mfaToken, code: value } }));
      session.signIn(grant);
      pendingLogin.set(null);
      navigate(pending.next, { replace: true });
    } catch (caught) {
      const read = readCodeError(caught);
      setOutcome(read);
      if (!read) setError(caught);
      if (read?.kind === "wrong") setWrongTries((n) => n + 1);
      else setCode("");
      setBusy(false);
    }
  };

  const resend = async () => {
    setError(null);
    setOutcome(null);
    try {
      const challenge = await unwrap(authApi.POST("/login/mfa/resend", { body: { mfa_token: pending.mfaToken } }));
      const now = Date.now();
      const next = {
        ...pending,
        mfaToken: challenge.mfa_token,
        expiresAt: now + challenge.expires_in * 1000,
        resendAt: now + challenge.resend_after * 1000,
      };
      pendingLogin.set(next);
      setPending(next);
      setResent(true);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 429 && caught.retryAfter) {
        const next = { ...pending, resendAt: Date.now() + caught.retryAfter * 1000 };
        pendingLogin.set(next);
        setPending(next);
      }
      const read = readCodeError(caught);
      if (read?.kind === "dead") setOutcome(read);
      else setError(caught);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void verify(code);
  };

  const dead = outcome?.kind === "dead" || expiresIn === 0;
  if (dead) {
    const reason = outcome?.kind === "dead" ? outcome.reason : t("code.expired");
    return (
      <section className="auth-card" aria-labelledby="code-title">
        <h1 id="code-title">{t("code.stopped")}</h1>
        <div className="alert alert-error" role="alert" data-testid="code-dead">
          {reason} {t("code.startAgainHint")}
        </div>
        <button
          type="button"
          className="button-primary"
          onClick={() => {
            pendingLogin.set(null);
            // The address stays in the login form; only the password is typed again.
            navigate(`/login?next=${encodeURIComponent(pending.next)}`, {
              replace: true,
              state: { email: pending.email },
            });
          }}
        >
          {t("code.startAgain")}
        </button>
      </section>
    );
  }

  return (
    <section className="auth-card" aria-labelledby="code-title">
      <h1 id="code-title">{t("code.title")}</h1>
      <p id="code-help">
        <Trans
          i18nKey="code.sent"
          values={{ email: pending.email, time: formatClock(expiresIn) }}
          components={{ strong: <strong />, expiry: <span data-testid="code-expiry" /> }}
        />
      </p>
      {outcome?.kind === "wrong" ? (
        <div className="alert alert-error" role="alert" data-testid="code-wrong">
          {t("code.wrong")}
          {outcome.attemptsLeft !== null ? ` ${t("code.attemptsLeft", { count: outcome.attemptsLeft })}` : ""}
        </div>
      ) : null}
      {resent ? (
        <div className="alert alert-success" role="status">
          {t("code.resent")}
        </div>
      ) : null}
      <ErrorMessage error={error} />
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="code">{t("code.label")}</label>
          <CodeInput
            id="code"
            value={code}
            onChange={setCode}
            onComplete={(value) => void verify(value)}
            disabled={busy}
            describedBy="code-help"
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy || code.length !== 6} aria-busy={busy}>
          {busy ? t("code.checking") : t("code.verify")}
        </button>
      </form>
      <div className="resend">
        <button type="button" className="button-secondary" onClick={() => void resend()} disabled={resendIn > 0}>
          {resendIn > 0 ? t("code.resendIn", { wait: formatWait(resendIn) }) : t("code.resend")}
        </button>
        <p className="hint">
          <Trans i18nKey="code.noEmail" components={{ other: <Link to={`/login?next=${encodeURIComponent(pending.next)}`} /> }} />
        </p>
      </div>
    </section>
  );
}
