import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "../lib/problem";
import { TOAST_MS, ToastProvider, UNDO_MS, useToast, type ToastOptions } from "./Toast";

function Trigger({ options }: { options: ToastOptions }) {
  const toast = useToast();
  return (
    <button type="button" onClick={() => toast(options)}>
      Act
    </button>
  );
}

function renderWith(options: ToastOptions) {
  render(
    <ToastProvider>
      <Trigger options={options} />
    </ToastProvider>,
  );
  return screen.getByRole("button", { name: "Act" });
}

afterEach(() => vi.useRealTimers());

describe("Toast", () => {
  it("says the success in a polite live region that is there before the message", async () => {
    const button = renderWith({ message: "Role changed." });
    const region = screen.getByRole("status");
    expect(region).toHaveAttribute("aria-live", "polite");
    expect(region).toBeEmptyDOMElement();
    await userEvent.click(button);
    expect(region).toHaveTextContent("Role changed.");
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("goes away after a few seconds, later when it offers Undo", () => {
    vi.useFakeTimers();
    const button = renderWith({ message: "Removed.", undo: { run: async () => undefined, done: "Undone." } });
    act(() => button.click());
    act(() => vi.advanceTimersByTime(TOAST_MS + 100));
    expect(screen.getByTestId("toast")).toHaveTextContent("Removed.");
    act(() => vi.advanceTimersByTime(UNDO_MS - TOAST_MS));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });

  it("Undo calls the action back, then says it is undone", async () => {
    const run = vi.fn(async () => undefined);
    await userEvent.click(renderWith({ message: "Gina Park is disabled.", undo: { run, done: "Undone: Gina Park is enabled again." } }));
    await userEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(run).toHaveBeenCalledOnce();
    expect(await screen.findByText("Undone: Gina Park is enabled again.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Undo" })).not.toBeInTheDocument();
  });

  it("says so when Undo fails", async () => {
    const run = vi.fn(async () => {
      throw new ApiError(409, { status: 409, title: "Conflict", detail: "The assignment exists already." });
    });
    await userEvent.click(renderWith({ message: "Removed.", undo: { run, done: "Undone." } }));
    await userEvent.click(screen.getByRole("button", { name: "Undo" }));
    expect(await screen.findByText(/Could not undo: .*exists already/)).toBeInTheDocument();
  });

  it("can be dismissed", async () => {
    await userEvent.click(renderWith({ message: "Feedback withdrawn." }));
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByTestId("toast")).not.toBeInTheDocument();
  });
});
