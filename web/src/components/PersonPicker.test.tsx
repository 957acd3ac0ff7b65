import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, stubFetch } from "../test/render";
import { EMPTY_PICK, PersonPicker, type PickerValue } from "./PersonPicker";

const LUCIA = { id: "u-1", name: "Lucía García", email: "lucia.garcia@school.example", role: "mentor", status: "active" };
const GABRIEL = { id: "u-2", name: "Gabriel Ortega", email: "gabriel@school.example", role: "mentor", status: "active" };

type Asked = { q: string | null; role: string | null; status: string | null; limit: string | null };

/** The admin user search: "ga" finds both, "luc" Lucía, anything else no one. */
function serve(): Asked[] {
  const asked: Asked[] = [];
  stubFetch(({ query }) => {
    const q = query.get("q");
    asked.push({ q, role: query.get("role"), status: query.get("status"), limit: query.get("limit") });
    const users = q === "ga" ? [LUCIA, GABRIEL] : q === "luc" ? [LUCIA] : [];
    return json(200, { users, total: users.length, limit: 8, offset: 0 });
  });
  return asked;
}

function Harness({ onSubmit }: { onSubmit: (value: PickerValue) => void }) {
  const [value, setValue] = useState<PickerValue>(EMPTY_PICK);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(value);
      }}
    >
      <PersonPicker id="mentor" label="Mentor" role="mentor" value={value} onChange={setValue} />
      <button type="submit">Assign</button>
      <button type="button">Next field</button>
    </form>
  );
}

function setup() {
  const asked = serve();
  const onSubmit = vi.fn();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Harness onSubmit={onSubmit} />
    </QueryClientProvider>,
  );
  return { asked, onSubmit, input: screen.getByRole("combobox", { name: "Mentor" }) };
}

afterEach(() => vi.unstubAllGlobals());

describe("PersonPicker", () => {
  it("is a combobox that controls a listbox, closed at first", () => {
    const { input } = setup();
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).toHaveAttribute("aria-autocomplete", "list");
    const list = document.getElementById(input.getAttribute("aria-controls") ?? "");
    expect(list).toHaveAttribute("role", "listbox");
    expect(input).toHaveAccessibleDescription(/name or email/i);
  });

  it("asks the directory once typing pauses, for active people of the role, and shows name and email", async () => {
    const { asked, input } = setup();
    await userEvent.type(input, "ga");
    const options = await screen.findAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual([
      "Lucía Garcíalucia.garcia@school.example",
      "Gabriel Ortegagabriel@school.example",
    ]);
    expect(input).toHaveAttribute("aria-expanded", "true");
    expect(asked).toEqual([{ q: "ga", role: "mentor", status: "active", limit: "8" }]);
  });

  it("moves with the arrow keys, chooses with Enter, and submits the chosen person", async () => {
    const { input, onSubmit } = setup();
    await userEvent.type(input, "ga");
    await screen.findAllByRole("option");
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    const second = screen.getByRole("option", { name: /Gabriel Ortega/ });
    expect(input).toHaveAttribute("aria-activedescendant", second.id);
    expect(second).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{ArrowDown}");
    expect(input).toHaveAttribute("aria-activedescendant", screen.getByRole("option", { name: /Lucía/ }).id);
    await userEvent.keyboard("{ArrowUp}");
    expect(input).toHaveAttribute("aria-activedescendant", second.id);
    await userEvent.keyboard("{Enter}");
    expect(onSubmit).not.toHaveBeenCalled(); // Enter chose; it did not submit
    expect(input).toHaveValue("Gabriel Ortega (gabriel@school.example)");
    expect(input).toHaveAttribute("aria-expanded", "false");
    await userEvent.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith({
      text: "Gabriel Ortega (gabriel@school.example)",
      person: { id: "u-2", name: "Gabriel Ortega", email: "gabriel@school.example" },
    });
  });

  it("chooses with a click", async () => {
    const { input } = setup();
    await userEvent.type(input, "luc");
    await userEvent.click(await screen.findByRole("option", { name: /Lucía/ }));
    expect(input).toHaveValue("Lucía García (lucia.garcia@school.example)");
    expect(input).toHaveFocus();
    expect(screen.queryByRole("option")).not.toBeInTheDocument();
  });

  it("says when no one matches, and a typed email is still submitted as it is", async () => {
    const { input, onSubmit } = setup();
    await userEvent.type(input, "new.person@school.example");
    expect(await screen.findByText(/No one matches “new.person@school.example”/)).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-expanded", "false");
    await userEvent.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith({ text: "new.person@school.example", person: null });
  });

  it("closes with Escape, then clears with a second Escape", async () => {
    const { input } = setup();
    await userEvent.type(input, "ga");
    await screen.findAllByRole("option");
    await userEvent.keyboard("{Escape}");
    expect(input).toHaveAttribute("aria-expanded", "false");
    expect(input).toHaveValue("ga");
    await userEvent.keyboard("{ArrowDown}");
    expect(input).toHaveAttribute("aria-expanded", "true");
    await userEvent.keyboard("{Escape}{Escape}");
    expect(input).toHaveValue("");
  });

  it("closes when Tab leaves the field, keeping what was typed", async () => {
    const { input } = setup();
    await userEvent.type(input, "ga");
    await screen.findAllByRole("option");
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Assign" })).toHaveFocus();
    await waitFor(() => expect(input).toHaveAttribute("aria-expanded", "false"));
    expect(input).toHaveValue("ga");
  });

  it("typing again after a choice drops the chosen person", async () => {
    const { input, onSubmit } = setup();
    await userEvent.type(input, "luc");
    await userEvent.click(await screen.findByRole("option", { name: /Lucía/ }));
    await userEvent.clear(input);
    await userEvent.type(input, "x@y.example{Enter}");
    expect(onSubmit).toHaveBeenLastCalledWith({ text: "x@y.example", person: null });
  });
});
