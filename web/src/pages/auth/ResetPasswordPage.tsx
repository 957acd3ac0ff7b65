import { Link, useLocation, useNavigate, useSearchParams } from "react-router";

import { authApi, unwrap } from "../../api/client";
import { formatWait } from "../../lib/problem";
import { SetPasswordForm } from "./SetPasswordForm";

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  // Only the server knows how long a code lives: say it when its answer did, else point to the email.
  const lifetime = (useLocation().state as { codeLifetime?: unknown } | null)?.codeLifetime;
  return (
    <section className="auth-card" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      <p data-testid="code-lifetime">
        If the email belongs to an account, a code is on its way.{" "}
        {typeof lifetime === "number" ? `It works for ${formatWait(lifetime)}.` : "The email says how long it works."}
      </p>
      <SetPasswordForm
        initialEmail={params.get("email") ?? ""}
        submitLabel="Set new password"
        busyLabel="Saving…"
        onSubmit={async ({ email, code, grant, password }) => {
          const proof = grant ? { grant } : { code };
          await unwrap(authApi.POST("/password/reset/confirm", { body: { email, ...proof, new_password: password } }));
          navigate("/login", {
            replace: true,
            state: { message: "Your password is changed and every session is signed out. Sign in with the new one." },
          });
        }}
      />
      <p className="auth-links">
        <Link to="/forgot-password">Send a new code</Link>
        <Link to="/login">Back to sign in</Link>
      </p>
    </section>
  );
}
