import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { session } from "../../auth/session";
import { useToast } from "../../components/Toast";
import { SetPasswordForm } from "./SetPasswordForm";

/** The first password, with the emailed code; the answer signs the person in (the code proved the address). */
export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const toast = useToast();
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
          const signedIn = await unwrap(authApi.POST("/invitations/accept", { body: { email, ...proof, password } }));
          session.signIn(signedIn);
          toast({ message: t("invite.done") });
          navigate("/", { replace: true });
        }}
      />
      <p className="auth-links">
        <Link to="/login">{t("auth.backToSignIn")}</Link>
      </p>
    </section>
  );
}
