import { describe, expect, it } from "vitest";

import { safeNext } from "./safeNext";

describe("safeNext", () => {
  it.each([
    ["/feedback/7", "/feedback/7"],
    ["/feedback/7?tab=reply", "/feedback/7?tab=reply"],
    ["/admin/feedback?cohort=2026#top", "/admin/feedback?cohort=2026#top"],
    ["/", "/"],
    ["/a/./b/../c", "/a/c"],
    ["/search?q=caf%C3%A9", "/search?q=caf%C3%A9"],
  ])("follows the same-origin path %j", (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [""],
    ["feedback/7"],
    ["https://evil.example/"],
    ["http://localhost:8080/feedback/7"],
    ["javascript:alert(1)"],
    ["//evil.example"],
    ["//evil.example/feedback"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["/feedback\\..\\..\\evil"],
    ["/%2f%2fevil.example"],
    ["/%2F%2Fevil.example"],
    ["/%5cevil.example"],
    ["/%5Cevil.example"],
    ["/feedback%2f7"],
    ["/\tevil"],
    ["/\nLocation: https://evil.example"],
    ["/\r\n"],
    ["/\u0000"],
    ["/\u007f"],
    ["/\u0085"],
    ["/\u2028"],
    ["/\u2029"],
    ["/%0a%0d"],
    ["/%09/evil.example"],
    ["/%00"],
    ["/%E0%A4%A"],
    ["/login"],
    ["/login?next=/login"],
    ["/login/code"],
    [" /feedback/7"],
  ])("refuses %j", (input) => {
    expect(safeNext(input)).toBe("/");
  });
});
