import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { describe, expect, it, vi } from "vitest";

import { DataTable } from "./DataTable";

const rows = [
  { id: "1", name: "Ada", role: "admin" },
  { id: "2", name: "Tom", role: "mentor" },
];

function renderUsers(onEdit = vi.fn()) {
  return render(
    <DataTable
      caption="Users"
      rows={rows}
      rowKey={(r) => r.id}
      rowTestId="user-row"
      columns={[
        { header: "Name", cell: (r) => r.name, rowHeader: true },
        { header: "Role", cell: (r) => <span className="badge">{r.role}</span> },
        {
          header: "Actions",
          hideHeader: true,
          cell: (r) => (
            <button type="button" onClick={() => onEdit(r.id)}>
              Edit {r.name}
            </button>
          ),
        },
      ]}
    />,
  );
}

describe("DataTable", () => {
  it("is a table: a header per column, a row per item, the naming cell a row header", () => {
    renderUsers();
    const table = screen.getByRole("table", { name: "Users" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Name", "Role", "Actions"]);
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(screen.getAllByTestId("user-row")).toHaveLength(2);
    expect(screen.getByRole("rowheader", { name: "Tom" })).toBeInTheDocument();
  });

  it("gives every labelled cell its column's header for the card layout, hidden from screen readers", () => {
    renderUsers();
    const ada = screen.getAllByTestId("user-row")[0] as HTMLElement;
    const labels = [...ada.querySelectorAll(".cell-label")];
    expect(labels.map((l) => l.textContent)).toEqual(["Role"]);
    for (const label of labels) expect(label).toHaveAttribute("aria-hidden", "true");
    // The cell's accessible text is its value only: the header already names it.
    const role = within(ada).getByRole("cell", { name: "admin" });
    expect(role).toHaveTextContent("Roleadmin");
    // The actions column has no visible header, so its cells have no label either.
    expect(within(ada).getByRole("button", { name: "Edit Ada" }).closest("td")).toHaveClass("cell-unlabelled");
  });

  it("keeps each row's actions working", async () => {
    const onEdit = vi.fn();
    renderUsers(onEdit);
    await userEvent.click(within(screen.getAllByTestId("user-row")[1] as HTMLElement).getByRole("button", { name: "Edit Tom" }));
    expect(onEdit).toHaveBeenCalledWith("2");
  });

  it("passes axe", async () => {
    const { container } = renderUsers();
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
