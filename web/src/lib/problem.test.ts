import { describe, expect, it } from "vitest";

import { ApiError, describeError, formatWait, toApiError } from "./problem";

describe("toApiError", () => {
  it("reads a problem+json body and the Retry-After header", async () => {
    const response = new Response(
      JSON.stringify({ type: "https://campus.example/problems/too-many-requests", title: "Too Many Requests", status: 429 }),
      { status: 429, headers: { "Content-Type": "application/problem+json", "Retry-After": "90" } },
    );
    const error = await toApiError(response);
    expect(error.status).toBe(429);
    expect(error.slug).toBe("too-many-requests");
    expect(error.retryAfter).toBe(90);
    expect(describeError(error)).toBe("Too many attempts. Try again in 2 minutes.");
  });

  it("survives a body that is not JSON (an HTML error page from a proxy)", async () => {
    const error = await toApiError(new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }));
    expect(error.status).toBe(502);
    expect(describeError(error)).toBe("Something went wrong on our side. Please try again.");
  });
});

describe("describeError", () => {
  it("quotes the request id of a server error so the user can report it", () => {
    expect(describeError(new ApiError(500, { request_id: "abc" }))).toBe(
      "Something went wrong on our side (reference abc). Please try again.",
    );
  });

  it("shows the validation detail in words", () => {
    expect(describeError(new ApiError(422, { detail: "email: not a valid email address" }))).toBe(
      "email: not a valid email address",
    );
  });

  it("explains a network failure", () => {
    expect(describeError(new TypeError("Failed to fetch"))).toMatch(/Cannot reach the server/);
  });
});

describe("formatWait", () => {
  it.each([
    [1, "1 second"],
    [30, "30 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
  ])("%i → %s", (seconds, words) => {
    expect(formatWait(seconds)).toBe(words);
  });
});

describe("toApiError with a body already read", () => {
  it("uses the parsed problem (openapi-fetch reads error bodies itself)", async () => {
    const response = new Response(JSON.stringify({ detail: "ignored" }), { status: 422 });
    await response.text();
    const error = await toApiError(response, { status: 422, detail: "Score every criterion before publishing." });
    expect(describeError(error)).toBe("Score every criterion before publishing.");
  });
});
