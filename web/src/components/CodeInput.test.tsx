import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import { CodeInput } from "./CodeInput";

function Harness({ onComplete }: { onComplete: (code: string) => void }) {
  const [value, setValue] = useState("");
  return (
    <>
      <label htmlFor="code">Code</label>
      <CodeInput id="code" value={value} onChange={setValue} onComplete={onComplete} />
    </>
  );
}

describe("CodeInput", () => {
  it("takes focus, keeps digits only from a pasted code, and completes at six digits", async () => {
    const onComplete = vi.fn();
    render(<Harness onComplete={onComplete} />);
    const input = screen.getByLabelText("Code");
    expect(input).toHaveFocus();
    await userEvent.paste("123 45-6");
    expect(input).toHaveValue("123456");
    expect(onComplete).toHaveBeenCalledWith("123456");
  });

  it("ignores letters and stops at six digits", async () => {
    const onComplete = vi.fn();
    render(<Harness onComplete={onComplete} />);
    await userEvent.type(screen.getByLabelText("Code"), "1a2b3");
    expect(screen.getByLabelText("Code")).toHaveValue("123");
    expect(onComplete).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText("Code"), "45678");
    expect(screen.getByLabelText("Code")).toHaveValue("123456");
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it("offers the browser's one-time-code autofill", () => {
    render(<Harness onComplete={vi.fn()} />);
    expect(screen.getByLabelText("Code")).toHaveAttribute("autocomplete", "one-time-code");
    expect(screen.getByLabelText("Code")).toHaveAttribute("inputmode", "numeric");
  });
});
