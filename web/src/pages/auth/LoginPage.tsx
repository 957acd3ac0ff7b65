import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { pendingLogin } from "../../auth/pendingLogin";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage, Notice } from "../../components/feedback";
import { t } from "../../i18n";
import { ApiError, formatWait } from "../../lib/problem";
import { safeNext } from "../../lib/safeNext";

function loginError(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null;
  if (error.status === 401) {
    return t("login.invalid");
  }
  if (error.status === 429) {
    return t("login.tooMany", { wait: formatWait(error.retryAfter ?? 60) });
  }
  return null;
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const location = useLocation();
  const state = location.state as { message?: string; email?: string } | null;
  const message = state?.message;
  const [email, setEmail] = useState(state?.email ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { user } = useAuth();
  const { t } = useTranslation();

  if (user) return <Navigate to={safeNext(params.get("next"))} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const challenge = await unwrap(authApi.POST("/login", { body: { email, password } }));
      const now = Date.now();
      pendingLogin.set({
        email: email.trim(),
        mfaToken: challenge.mfa_token,
        expiresAt: now + challenge.expires_in * 1000,
        resendAt: now + challenge.resend_after * 1000,
        next: safeNext(params.get("next")),
      });
      navigate("/login/code");
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const specific = loginError(error);
  return (
    <section className="auth-card" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      {message ? <Notice>{message}</Notice> : null}
      {specific ? (
        <div className="alert alert-error" role="alert">
          {specific}
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      <form onSubmit={(event) => void submit(event)} noValidate={false}>
        <EmailField value={email} onChange={setEmail} autoFocus={!state?.email} />
        <div className="field">
          <label htmlFor="password">{t("login.password")}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            autoFocus={Boolean(state?.email)}
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/forgot-password">{t("login.forgot")}</Link>
        <Link to="/accept-invite">{t("login.invited")}</Link>
      </p>
    </section>
  );
}
