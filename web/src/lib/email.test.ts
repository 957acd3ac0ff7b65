import { describe, expect, it } from "vitest";

import { checkEmail } from "./email";
import cases from "./emailCases.json";

// The same table every service is tested against (campus_testing.emails.EMAIL_CASES, written
// out by tests/platform/test_email_cases_json.py), so the forms' hints and the API agree.
describe("checkEmail", () => {
  it.each(cases as [string, string | null][])("%j -> %j", (input, expected) => {
    const result = checkEmail(input);
    if (expected === null) {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, value: expected });
    }
  });

  it("names a lookalike letter", () => {
    const result = checkEmail("\u0430lex@example.org");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("U+0430");
  });
});
