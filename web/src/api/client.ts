/** Typed clients for the three services through the edge, generated types only (see scripts/gen-client.sh). */
import createClient from "openapi-fetch";

import { session } from "../auth/session";
import { toApiError } from "../lib/problem";
import type { paths as AuthPaths } from "./auth";
import type { paths as FeedbackPaths } from "./feedback";
import type { paths as NotificationPaths } from "./notification";

const origin = typeof window !== "undefined" ? window.location.origin : "http://localhost";
const authorizedFetch = (request: Request) => session.fetch(request);

export const authApi = createClient<AuthPaths>({ baseUrl: `${origin}/api/auth`, fetch: authorizedFetch });
export const feedbackApi = createClient<FeedbackPaths>({
  baseUrl: `${origin}/api/feedback`,
  fetch: authorizedFetch,
});
export const notificationApi = createClient<NotificationPaths>({
  baseUrl: `${origin}/api/notifications`,
  fetch: authorizedFetch,
});

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError built from the problem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw await toApiError(response, error);
  return data as T;
}
