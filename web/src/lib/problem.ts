/** RFC 9457 problem details from our services and the edge, turned into words a person can act on. */
import { t } from "../i18n";

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

/** Pluralised wait time: "1 second", "2 minutes" (in the interface's language). */
export function formatWait(seconds: number): string {
  if (seconds < 60) return t("wait.seconds", { count: seconds });
  const minutes = Math.ceil(seconds / 60);
  return t("wait.minutes", { count: minutes });
}

/** What to tell the user about any error thrown by a request. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) {
      return error.retryAfter
        ? t("errors.tooManyWait", { wait: formatWait(error.retryAfter) })
        : t("errors.tooMany");
    }
    if (error.status === 422 || error.status === 400) {
      return error.problem.detail ?? t("errors.invalid");
    }
    if (error.status === 401) return error.problem.detail ?? t("errors.signInAgain");
    if (error.status === 403) return t("errors.forbidden");
    if (error.status === 404) return error.problem.detail ?? t("errors.notFound");
    if (error.status === 413) return t("errors.tooLarge");
    if (error.status >= 500) {
      return error.problem.request_id
        ? t("errors.serverRef", { ref: error.problem.request_id })
        : t("errors.server");
    }
    return error.problem.detail ?? error.problem.title ?? t("errors.status", { status: error.status });
  }
  if (error instanceof TypeError) return t("errors.offline");
  if (error instanceof Error) return error.message;
  return t("errors.unknown");
}
