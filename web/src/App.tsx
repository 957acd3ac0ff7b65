import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createBrowserRouter, RouterProvider } from "react-router";

import { AuthProvider } from "./auth/AuthProvider";
import { AppErrorBoundary } from "./components/ErrorBoundary";
import { ApiError } from "./lib/problem";
import { applyTheme, savedChoice } from "./lib/theme";
import { appRouteObjects } from "./routes";

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

// Before the first render, so the first paint already has the chosen theme.
applyTheme(savedChoice());

const router = createBrowserRouter(appRouteObjects());

const queryClient = makeQueryClient();

export function App() {
  return (
    <AppErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </QueryClientProvider>
    </AppErrorBoundary>
  );
}
