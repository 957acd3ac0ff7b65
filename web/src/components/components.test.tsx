import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "../lib/problem";
import { DataTable } from "./DataTable";
import { Pager } from "./Pager";
import { QueryView } from "./QueryView";

type Query = { data: string[] | undefined; error: unknown; isPending: boolean };
const list = (items: string[]) => <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>;

describe("QueryView", () => {
  it("shows the loading label while the first answer is on its way", () => {
    const query: Query = { data: undefined, error: null, isPending: true };
    render(<QueryView query={query} loadingLabel="Loading users…">{list}</QueryView>);
    expect(screen.getByRole("status")).toHaveTextContent("Loading users…");
  });

  it("shows the error in words, with its title", () => {
    const error = new ApiError(503, { status: 503, title: "Unavailable", detail: "The service is down." });
    const query: Query = { data: undefined, error, isPending: false };
    render(<QueryView query={query} errorTitle="Users could not be loaded.">{list}</QueryView>);
    expect(screen.getByRole("alert")).toHaveTextContent("Users could not be loaded.");
  });

  it("shows the empty sentence when there is nothing", () => {
    const query: Query = { data: [], error: null, isPending: false };
    render(
      <QueryView query={query} isEmpty={(d) => d.length === 0} empty="No user matches.">
        {list}
      </QueryView>,
    );
    expect(screen.getByText("No user matches.")).toBeInTheDocument();
    expect(screen.queryByRole("list")).not.toBeInTheDocument();
  });

  it("renders the data, and keeps it on screen when a later refetch fails", () => {
    const query: Query = { data: ["Ada", "Tom"], error: new Error("offline"), isPending: false };
    render(<QueryView query={query} isEmpty={(d) => d.length === 0}>{list}</QueryView>);
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByRole("alert")).toBeInTheDocument();
  });
});

describe("DataTable", () => {
  const rows = [
    { id: "1", name: "Ada", role: "admin" },
    { id: "2", name: "Tom", role: "mentor" },
  ];

  it("renders a header per column, a row per item, and the naming cell as a row header", () => {
    render(
      <DataTable
        caption="Users"
        rows={rows}
        rowKey={(r) => r.id}
        rowTestId="user-row"
        columns={[
          { header: "Name", cell: (r) => r.name, rowHeader: true },
          { header: "Role", cell: (r) => r.role },
          { header: "Actions", cell: (r) => <button type="button">Edit {r.name}</button>, hideHeader: true },
        ]}
      />,
    );
    const table = screen.getByRole("table", { name: "Users" });
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Name", "Role", "Actions"]);
    expect(screen.getAllByTestId("user-row")).toHaveLength(2);
    expect(screen.getByRole("rowheader", { name: "Tom" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Edit Ada" })).toBeInTheDocument();
  });
});

describe("Pager", () => {
  it("says where we are and moves a page at a time", async () => {
    const onChange = vi.fn();
    render(<Pager offset={25} pageSize={25} shown={25} total={60} onChange={onChange} />);
    expect(screen.getByTestId("pager-range")).toHaveTextContent("26–50 of 60");
    await userEvent.click(screen.getByRole("button", { name: "Previous" }));
    await userEvent.click(screen.getByRole("button", { name: "Next" }));
    expect(onChange.mock.calls).toEqual([[0], [50]]);
  });

  it("cannot go before the first page or past the last", () => {
    render(<Pager offset={0} pageSize={50} shown={7} total={7} onChange={() => undefined} previousLabel="Newer" nextLabel="Older" />);
    expect(screen.getByRole("button", { name: "Newer" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Older" })).toBeDisabled();
    expect(screen.getByTestId("pager-range")).toHaveTextContent("1–7 of 7");
  });
});
