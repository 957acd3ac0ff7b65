/** RFC 9457 problem details from our services and the edge, turned into words a person can act on. */

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  request_id?: string;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The last part of the problem type, e.g. `verification-finished`. */
  get slug(): string {
    const type = this.problem.type ?? "";
    return type.slice(type.lastIndexOf("/") + 1);
  }
}

/**
 * Reads a failed response into an ApiError, whatever its body is. `parsed` is the body when the
 * caller already read it (openapi-fetch consumes the body of an error response).
 */
export async function toApiError(response: Response, parsed?: unknown): Promise<ApiError> {
  let problem: Problem = { title: response.statusText || undefined };
  if (parsed && typeof parsed === "object") {
    problem = parsed as Problem;
  } else if (!response.bodyUsed) {
    try {
      const body: unknown = await response.clone().json();
      if (body && typeof body === "object") problem = body as Problem;
    } catch {
      // not JSON: keep the status text
    }
  }
  const header = response.headers.get("Retry-After");
  const retryAfter = header && /^\d+$/.test(header) ? Number(header) : retryAfterFromBody(problem);
  return new ApiError(response.status, problem, retryAfter);
}

function retryAfterFromBody(problem: Problem): number | null {
  const value = problem["retry_after"];
  return typeof value === "number" ? value : null;
}

/** Pluralised wait time: "1 second", "2 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** What to tell the user about any error thrown by a request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      const wait = error.retryAfter ? ` Try again in ${formatWait(error.retryAfter)}.` : " Try again in a moment.";
      return `Too many attempts.${wait}`;
    }
    if (error.status === 422 || error.status === 400) {
      return error.problem.detail ?? "Some of what you entered is not valid.";
    }
    if (error.status === 401) return error.problem.detail ?? "Please sign in again.";
    if (error.status === 403) return "You do not have access to this.";
    if (error.status === 404) return error.problem.detail ?? "That could not be found. It may have been removed.";
    if (error.status === 413) return "That file or text is too large (2 MB at most).";
    if (error.status >= 500) {
      const ref = error.problem.request_id ? ` (reference ${error.problem.request_id})` : "";
      return `Something went wrong on our side${ref}. Please try again.`;
    }
    return error.problem.detail ?? error.problem.title ?? `Request failed (${error.status}).`;
  }
  if (error instanceof TypeError) return "Cannot reach the server. Check your connection and try again.";
  if (error instanceof Error) return error.message;
  return "Something went wrong. Please try again.";
}
