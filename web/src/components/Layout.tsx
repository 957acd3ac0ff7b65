import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";

import { useAuth } from "../auth/AuthProvider";
import { session, type Role } from "../auth/session";
import { useAccountLanguage } from "../lib/language";
import { useDocumentTitle } from "../lib/title";
import { Bell } from "./Bell";
import { ThemeToggle } from "./ThemeToggle";
import { ToastProvider } from "./Toast";

type NavKey = "student" | "mentor" | "users" | "feedback" | "release" | "assignments" | "rubric" | "cohorts" | "comments" | "audit" | "notifications";

const NAV: Record<Role, { to: string; label: NavKey }[]> = {
  student: [{ to: "/student", label: "student" }],
  mentor: [{ to: "/mentor", label: "mentor" }],
  admin: [
    { to: "/admin/users", label: "users" },
    { to: "/admin/feedback", label: "feedback" },
    { to: "/admin/release", label: "release" },
    { to: "/admin/assignments", label: "assignments" },
    { to: "/admin/rubrics", label: "rubric" },
    { to: "/admin/cohorts", label: "cohorts" },
    { to: "/admin/comments", label: "comments" },
    { to: "/admin/audit", label: "audit" },
    { to: "/admin/notifications", label: "notifications" },
  ],
};

/** The frame of every page: skip link, header with navigation, and one <main> that gets focus on navigation. */
export function Layout() {
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useDocumentTitle();
  useAccountLanguage();
  const { t } = useTranslation();

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page that focused its own first field (e.g. the code entry) keeps it; otherwise focus
    // moves to the new content, so keyboard and screen reader users start there.
    const active = document.activeElement;
    if (main.current && (!active || active === document.body || !main.current.contains(active))) {
      main.current.focus();
    }
  }, [location.pathname]);

  const signOut = async () => {
    await session.logout().catch(() => undefined);
    navigate("/login", { replace: true, state: { message: t("layout.signedOut") } });
  };

  return (
    <ToastProvider>
      <a className="skip-link" href="#main">
        {t("layout.skip")}
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          Campus
        </NavLink>
        {user ? (
          <nav aria-label={t("layout.mainNav")}>
            <ul>
              {NAV[user.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{t(`nav.${item.label}`)}</NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/account">{t("nav.account")}</NavLink>
              </li>
            </ul>
          </nav>
        ) : null}
        {user ? (
          <div className="who">
            <Bell />
            <span className="who-name" data-testid="signed-in-as">
              {user.name}
            </span>
            <button type="button" className="button-link" onClick={() => void signOut()}>
              {t("layout.signOut")}
            </button>
          </div>
        ) : null}
        <ThemeToggle />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <NavLink to="/status">{t("layout.status")}</NavLink>
      </footer>
    </ToastProvider>
  );
}
