import { useEffect, useRef } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";

import { useAuth } from "../auth/AuthProvider";
import { session, type Role } from "../auth/session";
import { useDocumentTitle } from "../lib/title";
import { ThemeToggle } from "./ThemeToggle";
import { ToastProvider } from "./Toast";

const NAV: Record<Role, { to: string; label: string }[]> = {
  student: [{ to: "/student", label: "My feedback" }],
  mentor: [{ to: "/mentor", label: "My students" }],
  admin: [
    { to: "/admin/users", label: "Users" },
    { to: "/admin/feedback", label: "Feedback" },
    { to: "/admin/assignments", label: "Assignments" },
    { to: "/admin/rubric", label: "Rubric" },
    { to: "/admin/audit", label: "Audit log" },
    { to: "/admin/notifications", label: "Email status" },
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
    navigate("/login", { replace: true, state: { message: "You are signed out." } });
  };

  return (
    <ToastProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <NavLink to="/" className="brand">
          Campus
        </NavLink>
        {user ? (
          <nav aria-label="Main">
            <ul>
              {NAV[user.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to}>{item.label}</NavLink>
                </li>
              ))}
              <li>
                <NavLink to="/account">Account</NavLink>
              </li>
            </ul>
          </nav>
        ) : null}
        {user ? (
          <div className="who">
            <span className="who-name" data-testid="signed-in-as">
              {user.name}
            </span>
            <button type="button" className="button-link" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        ) : null}
        <ThemeToggle />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <NavLink to="/status">Service status</NavLink>
      </footer>
    </ToastProvider>
  );
}
