import { Navigate } from "react-router";

import { useAuth } from "../auth/AuthProvider";
import type { Role } from "../auth/session";
import { Loading } from "../components/feedback";
import { t } from "../i18n";

/** Where each role starts: its feedback home. */
export function homePath(role: Role): string {
  return role === "admin" ? "/admin/feedback" : `/${role}`;
}

/** Sends a signed-in user to their start page, anyone else to sign in. */
export function HomeRedirect({ home }: { home?: (role: Role) => string }) {
  const { ready, user } = useAuth();
  if (!ready) return <Loading label={t("home.restoring")} />;
  if (!user) return <Navigate to="/login" replace />;
  return <Navigate to={(home ?? startPath)(user.role)} replace />;
}

/** The first page after "/": admins manage users, everyone else reads feedback. */
export function startPath(role: Role): string {
  return role === "admin" ? "/admin/users" : homePath(role);
}
