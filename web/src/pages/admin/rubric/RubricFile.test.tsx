import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { RubricFile } from "./RubricFile";

function file(text: string, name = "rubric.json") {
  return new File([text], name, { type: "application/json" });
}

describe("RubricFile", () => {
  it("loads a good file into the editor", async () => {
    const onImport = vi.fn();
    render(<RubricFile onExport={vi.fn()} onImport={onImport} />);

    await userEvent.upload(
      screen.getByLabelText("Import from a JSON file"),
      file(JSON.stringify({ name: "Imported", criteria: [{ key: "x", name: "X", levels: [{ score: 1, label: "One" }] }] })),
    );

    await vi.waitFor(() => expect(onImport).toHaveBeenCalledTimes(1));
    const [draft, name] = onImport.mock.calls[0]!;
    expect(name).toBe("rubric.json");
    expect(draft.name).toBe("Imported");
    expect(draft.criteria[0].levels[0]).toMatchObject({ score: 1, label: "One", descriptor: "" });
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows why a file was not loaded, and loads nothing", async () => {
    const onImport = vi.fn();
    render(<RubricFile onExport={vi.fn()} onImport={onImport} />);
    const input = screen.getByLabelText("Import from a JSON file");

    await userEvent.upload(input, file("{not json", "broken.json"));
    expect(await screen.findByRole("alert")).toHaveTextContent("broken.json is not a JSON file.");

    await userEvent.upload(input, file(JSON.stringify({ name: "R", criteria: [{ name: "A", levels: [{ score: 1.5, label: "x" }] }] })));
    expect(await screen.findByRole("alert")).toHaveTextContent("criteria 1, level 1, score: must be a whole number.");
    expect(input).toHaveAccessibleDescription(/must be a whole number/);
    expect(onImport).not.toHaveBeenCalled();
  });

  it("loads pasted JSON, and says why bad JSON was not loaded", async () => {
    const onImport = vi.fn();
    render(<RubricFile onExport={vi.fn()} onImport={onImport} />);
    await userEvent.click(screen.getByText("Paste JSON instead"));
    const box = screen.getByLabelText("Rubric as JSON");

    await userEvent.type(box, "{{not json");
    await userEvent.click(screen.getByRole("button", { name: "Load the pasted JSON" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The pasted text is not a JSON file.");
    expect(onImport).not.toHaveBeenCalled();

    await userEvent.clear(box);
    await userEvent.click(box);
    await userEvent.paste(JSON.stringify({ name: "Pasted", criteria: [{ name: "Voice", levels: [{ score: 1, label: "Flat" }] }] }));
    await userEvent.click(screen.getByRole("button", { name: "Load the pasted JSON" }));
    await vi.waitFor(() => expect(onImport).toHaveBeenCalledTimes(1));
    const [draft, source] = onImport.mock.calls[0]!;
    expect(source).toBe("The pasted text");
    expect(draft.criteria[0]).toMatchObject({ name: "Voice" });
    expect(box).toHaveValue("");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("exports on request", async () => {
    const onExport = vi.fn();
    render(<RubricFile onExport={onExport} onImport={vi.fn()} />);

    await userEvent.click(screen.getByRole("button", { name: "Export as JSON" }));

    expect(onExport).toHaveBeenCalledTimes(1);
  });
});
