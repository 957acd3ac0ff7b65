import type { ReactNode } from "react";

import type { Role } from "./auth/session";
import { AccountPage } from "./pages/account/AccountPage";
import { AcceptInvitePage } from "./pages/auth/AcceptInvitePage";
import { CodePage } from "./pages/auth/CodePage";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage";
import { LoginPage } from "./pages/auth/LoginPage";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { StatusPage } from "./pages/StatusPage";
import { adminRoutes } from "./pages/admin/routes";
import { mentorRoutes } from "./pages/mentor/routes";
import { studentRoutes } from "./pages/student/routes";

export interface PrivateRoute {
  path: string;
  roles?: Role[];
  element: ReactNode;
}

export const routes: { public: { path: string; element: ReactNode }[]; private: PrivateRoute[] } = {
  public: [
    { path: "login", element: <LoginPage /> },
    { path: "login/code", element: <CodePage /> },
    { path: "forgot-password", element: <ForgotPasswordPage /> },
    { path: "reset-password", element: <ResetPasswordPage /> },
    { path: "accept-invite", element: <AcceptInvitePage /> },
    { path: "status", element: <StatusPage /> },
    { path: "*", element: <NotFoundPage /> },
  ],
  private: [
    { path: "account", element: <AccountPage /> },
    ...studentRoutes,
    ...mentorRoutes,
    ...adminRoutes,
  ],
};
