import { Link, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { SetPasswordForm } from "./SetPasswordForm";

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  return (
    <section className="auth-card" aria-labelledby="invite-title">
      <h1 id="invite-title">Accept your invitation</h1>
      <p>Your invitation email holds a 6-digit code. Enter it with the password you want to use.</p>
      <SetPasswordForm
        initialEmail={params.get("email") ?? ""}
        submitLabel="Set password"
        busyLabel="Saving…"
        onSubmit={async ({ email, code, grant, password }) => {
          const proof = grant ? { grant } : { code };
          await unwrap(authApi.POST("/invitations/accept", { body: { email, ...proof, password } }));
          navigate("/login", {
            replace: true,
            state: { message: "Your account is ready. Sign in with your new password." },
          });
        }}
      />
      <p className="auth-links">
        <Link to="/login">Back to sign in</Link>
      </p>
    </section>
  );
}
