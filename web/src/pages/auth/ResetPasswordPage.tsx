import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { formatWait } from "../../lib/problem";
import { SetPasswordForm } from "./SetPasswordForm";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation();
  // Only the server knows how long a code lives: say it when its answer did, else point to the email.
  const lifetime = (useLocation().state as { codeLifetime?: unknown } | null)?.codeLifetime;
  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <p data-testid="code-lifetime">
        {t("reset.onItsWay")}{" "}
        {typeof lifetime === "number" ? t("reset.worksFor", { wait: formatWait(lifetime) }) : t("reset.seeEmail")}
      </p>
      <SetPasswordForm
        initialEmail={params.get("email") ?? ""}
        submitLabel={t("reset.submit")}
        busyLabel={t("common.saving")}
        onSubmit={async ({ email, code, grant, password }) => {
          const proof = grant ? { grant } : { code };
          await unwrap(authApi.POST("/password/reset/confirm", { body: { email, ...proof, new_password: password } }));
          navigate("/login", {
            replace: true,
            state: { message: t("reset.done") },
          });
        }}
      />
      <p className="auth-links">
        <Link to="/forgot-password">{t("reset.newCode")}</Link>
        <Link to="/login">{t("auth.backToSignIn")}</Link>
      </p>
    </section>
  );
}
