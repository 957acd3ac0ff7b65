import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";

import { EmailField } from "./EmailField";

function Harness() {
  const [value, setValue] = useState("");
  return (
    <form aria-label="f">
      <EmailField id="e" label="Email" value={value} onChange={setValue} />
    </form>
  );
}

describe("EmailField", () => {
  it("says what is wrong once the person leaves the field, and blocks the form", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Email") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "alex@my_school.org" } });
    expect(screen.queryByText(/no underscores/)).toBeNull();
    fireEvent.blur(input);
    expect(screen.getByText(/no underscores/)).toBeTruthy();
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.validity.customError).toBe(true);
  });

  it("accepts what the services accept", () => {
    render(<Harness />);
    const input = screen.getByLabelText("Email") as HTMLInputElement;
    fireEvent.change(input, { target: { value: "  Alex.Rivera@Example.ORG " } });
    fireEvent.blur(input);
    expect(input.getAttribute("aria-invalid")).toBeNull();
    expect(input.validity.customError).toBe(false);
  });
});
