import { describe, expect, it } from "vitest";

import { safeNext } from "./pendingLogin";

describe("safeNext", () => {
  it.each([
    ["/student/feedback/42?tab=reply", "/student/feedback/42?tab=reply"],
    [null, "/"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/login/code", "/"],
  ])("%s → %s", (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });
});
