import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { SetPasswordForm } from "./SetPasswordForm";

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation();
  return (
    <section className="auth-card" aria-labelledby="invite-title">
      <h1 id="invite-title">{t("invite.title")}</h1>
      <p>{t("invite.intro")}</p>
      <SetPasswordForm
        initialEmail={params.get("email") ?? ""}
        submitLabel={t("invite.submit")}
        busyLabel={t("common.saving")}
        onSubmit={async ({ email, code, grant, password }) => {
          const proof = grant ? { grant } : { code };
          await unwrap(authApi.POST("/invitations/accept", { body: { email, ...proof, password } }));
          navigate("/login", {
            replace: true,
            state: { message: t("invite.done") },
          });
        }}
      />
      <p className="auth-links">
        <Link to="/login">{t("auth.backToSignIn")}</Link>
      </p>
    </section>
  );
}
