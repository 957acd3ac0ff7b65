import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";

import { useConfirm, type ConfirmOptions } from "./ConfirmDialog";

const OPTIONS: ConfirmOptions = {
  title: "Sign Gina Park out everywhere?",
  body: "Gina Park will be signed out on every device.",
  confirmLabel: "End sessions",
};

function Harness({ options = OPTIONS, act }: { options?: ConfirmOptions; act: (yes: boolean) => void }) {
  const [dialog, confirm] = useConfirm();
  const [, setCount] = useState(0);
  return (
    <>
      <button type="button" onClick={() => void confirm(options).then((yes) => { act(yes); setCount((n) => n + 1); })}>
        End sessions of Gina Park
      </button>
      <button type="button">Elsewhere</button>
      {dialog}
    </>
  );
}

async function open(act = vi.fn(), options?: ConfirmOptions) {
  render(<Harness act={act} options={options} />);
  const trigger = screen.getByRole("button", { name: "End sessions of Gina Park" });
  await userEvent.click(trigger);
  return { act, trigger, dialog: screen.getByRole("alertdialog", { name: OPTIONS.title }) };
}

describe("ConfirmDialog", () => {
  it("names the effect and starts on Cancel, the safe choice", async () => {
    const { dialog } = await open();
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription("Gina Park will be signed out on every device.");
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
  });

  it("cancels on Escape, acts on nothing, and gives focus back to the trigger", async () => {
    const { act, trigger } = await open();
    await userEvent.keyboard("{Escape}");
    expect(act).toHaveBeenCalledWith(false);
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it("confirms with its button and gives focus back", async () => {
    const { act, trigger } = await open();
    await userEvent.click(screen.getByRole("button", { name: "End sessions" }));
    expect(act).toHaveBeenCalledWith(true);
    expect(trigger).toHaveFocus();
  });

  it("keeps Tab inside the dialog", async () => {
    await open();
    const cancel = screen.getByRole("button", { name: "Cancel" });
    const confirm = screen.getByRole("button", { name: "End sessions" });
    await userEvent.tab();
    expect(confirm).toHaveFocus();
    await userEvent.tab();
    expect(cancel).toHaveFocus();
    await userEvent.tab({ shift: true });
    expect(confirm).toHaveFocus();
  });

  it("cancels on a click outside it", async () => {
    const { act } = await open();
    await userEvent.click(document.querySelector(".dialog-backdrop") as HTMLElement);
    expect(act).toHaveBeenCalledWith(false);
  });

  it("shows a warning, and only Close when the action cannot be done", async () => {
    const { act } = await open(vi.fn(), { ...OPTIONS, warning: "This is your own account.", confirmLabel: null });
    expect(screen.getByTestId("dialog-warning")).toHaveTextContent("This is your own account.");
    expect(screen.queryByRole("button", { name: "End sessions" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(act).toHaveBeenCalledWith(false);
  });
});
