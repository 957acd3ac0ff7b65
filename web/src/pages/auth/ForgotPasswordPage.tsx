import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { EmailField } from "../../components/EmailField";
import { ErrorMessage } from "../../components/feedback";

/** The code's lifetime in seconds, when the answer states one (the email always does). */
function codeLifetime(answer: unknown): number | null {
  if (typeof answer !== "object" || answer === null) return null;
  const value = (answer as Record<string, unknown>)["expires_in"];
  return typeof value === "number" && value > 0 ? value : null;
}

export function ForgotPasswordPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState(params.get("email") ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { t } = useTranslation();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(authApi.POST("/password/reset", { body: { email } }));
      navigate(`/reset-password?email=${encodeURIComponent(email.trim())}`, {
        state: { codeLifetime: codeLifetime(answer) },
      });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <section className="auth-card" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <p>{t("forgot.intro")}</p>
      <ErrorMessage error={error} />
      <form onSubmit={(event) => void submit(event)}>
        <EmailField value={email} onChange={setEmail} autoFocus />
        <button type="submit" className="button-primary" disabled={busy} aria-busy={busy}>
          {busy ? t("forgot.sending") : t("forgot.send")}
        </button>
      </form>
      <p className="auth-links">
        <Link to="/login">{t("auth.backToSignIn")}</Link>
      </p>
    </section>
  );
}
