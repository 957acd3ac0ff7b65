import type { RouteObject } from "react-router";
import { Outlet } from "react-router";

import { RequireAuth, SessionExpiryWatcher } from "./auth/RequireAuth";
import { RouteErrorPage } from "./components/ErrorBoundary";
import { Layout } from "./components/Layout";
import { AccountPage } from "./pages/account/AccountPage";
import { adminRoutes } from "./pages/admin/routes";
import { AcceptInvitePage } from "./pages/auth/AcceptInvitePage";
import { CodePage } from "./pages/auth/CodePage";
import { ForgotPasswordPage } from "./pages/auth/ForgotPasswordPage";
import { LoginPage } from "./pages/auth/LoginPage";
import { ResetPasswordPage } from "./pages/auth/ResetPasswordPage";
import { FeedPage } from "./pages/feed/FeedPage";
import { FeedbackRoute } from "./pages/feedback/FeedbackRoute";
import { HomeRedirect, homePath } from "./pages/HomeRedirect";
import { mentorRoutes } from "./pages/mentor/routes";
import { NotFoundPage } from "./pages/NotFoundPage";
import { StatusPage } from "./pages/StatusPage";
import { studentRoutes } from "./pages/student/routes";
import type { AppRoute, PrivateRoute } from "./routeTypes";

export const publicRoutes: AppRoute[] = [
  { path: "login", element: <LoginPage /> },
  { path: "login/code", element: <CodePage /> },
  { path: "forgot-password", element: <ForgotPasswordPage /> },
  { path: "reset-password", element: <ResetPasswordPage /> },
  { path: "accept-invite", element: <AcceptInvitePage /> },
  { path: "status", element: <StatusPage /> },
  { path: "*", element: <NotFoundPage /> },
];

export const privateRoutes: PrivateRoute[] = [
  { path: "account", element: <AccountPage /> },
  { path: "notifications", element: <FeedPage /> },
  { path: "feedback", element: <HomeRedirect home={homePath} /> },
  { path: "feedback/:id", element: <FeedbackRoute /> },
  ...studentRoutes,
  ...mentorRoutes,
  ...adminRoutes,
];

function Root() {
  return (
    <>
      <SessionExpiryWatcher />
      <Outlet />
    </>
  );
}

/**
 * Every page of the app inside the frame. Each route has its own error element, so a page that
 * breaks shows a friendly page with the header still there; the root one catches the frame itself.
 */
export function appRouteObjects(extra: PrivateRoute[] = []): RouteObject[] {
  const errorElement = <RouteErrorPage />;
  return [
    {
      element: <Root />,
      errorElement,
      children: [
        {
          element: <Layout />,
          errorElement,
          children: [
            { index: true, element: <HomeRedirect />, errorElement },
            ...publicRoutes.map((route) => ({ ...route, errorElement })),
            ...[...privateRoutes, ...extra].map((route) => ({
              path: route.path,
              errorElement,
              element: <RequireAuth roles={route.roles}>{route.element}</RequireAuth>,
            })),
          ],
        },
      ],
    },
  ];
}
