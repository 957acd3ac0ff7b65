import { useEffect, type ReactNode } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";

import { Loading } from "../components/feedback";
import { t } from "../i18n";
import { useAuth } from "./AuthProvider";
import { session, type Role } from "./session";

/** Renders its children for a signed-in user (of one of `roles`), else sends them to log in and back. */
export function RequireAuth({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { ready, user } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading label={t("home.restoring")} />;
  if (!user) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (roles && !roles.includes(user.role)) return <Navigate to="/" replace />;
  return <>{children}</>;
}

/** When a request stays unauthorized after its one refresh, the user logs in again and comes back here. */
export function SessionExpiryWatcher() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(
    () =>
      session.onExpired(() => {
        const next = `${location.pathname}${location.search}`;
        navigate(`/login?next=${encodeURIComponent(next)}`, {
          replace: true,
          state: { message: t("auth.sessionEnded") },
        });
      }),
    [navigate, location],
  );
  return null;
}
