import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from "react-router";

import { AuthProvider, useAuth } from "./auth/AuthProvider";
import { RequireAuth, SessionExpiryWatcher } from "./auth/RequireAuth";
import { Layout } from "./components/Layout";
import { Loading } from "./components/feedback";
import { ApiError } from "./lib/problem";
import { routes as appRoutes } from "./routes";

/** Sends a signed-in user to their dashboard, anyone else to log in. */
function Home() {
  const { ready, user } = useAuth();
  if (!ready) return <Loading label="Restoring your session…" />;
  if (!user) return <Navigate to="/login" replace />;
  return <Navigate to={user.role === "admin" ? "/admin/users" : `/${user.role}`} replace />;
}

function Root() {
  return (
    <>
      <SessionExpiryWatcher />
      <Outlet />
    </>
  );
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

const router = createBrowserRouter([
  {
    element: <Root />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <Home /> },
          ...appRoutes.public,
          ...appRoutes.private.map((route) => ({
            path: route.path,
            element: <RequireAuth roles={route.roles}>{route.element}</RequireAuth>,
          })),
        ],
      },
    ],
  },
]);

const queryClient = makeQueryClient();

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>
  );
}


