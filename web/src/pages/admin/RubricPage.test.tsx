import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, Link, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";

import { json, problem } from "../../test/render";
import { RubricPage } from "./RubricPage";

const RUBRIC = {
  version: 3,
  name: "Capstone rubric",
  created_at: "2026-11-30T10:00:00Z",
  criteria: [
    { key: "clarity", name: "Clarity", description: "", scale_min: 1, scale_max: 5, weight: 1, levels: [] },
    {
      key: "teamwork",
      name: "Teamwork",
      description: "",
      scale_min: 1,
      scale_max: 5,
      weight: 2,
      levels: [
        { score: 1, label: "Alone", descriptor: "" },
        { score: 1, label: "Together", descriptor: "Shares work." },
      ],
    },
  ],
};

/** The service's answer to that rubric: a 422 whose errors name each field. */
const refused = () =>
  problem(422, "validation-error", {
  title: "Validation failed",
  detail: "name: must not be empty or only spaces",
  errors: [
    { loc: ["body", "name"], msg: "must not be empty or only spaces", type: "blank" },
    { loc: ["body", "criteria", "1", "levels", "1", "score"], msg: "score 1 is already used by another level", type: "duplicate_score" },
    { loc: ["body", "criteria", "1", "name"], msg: "another criterion already has this name", type: "duplicate_name" },
  ],
});

type Answer = (request: Request) => Response | Promise<Response>;

/** The page in a data router (its leave guard needs one), with a link to somewhere else. */
function renderEditor(answer: Answer) {
  const fetch = vi.fn(async (request: Request) => answer(request));
  vi.stubGlobal("fetch", fetch);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path: "/admin/rubric",
        element: (
          <>
            <Link to="/elsewhere">Elsewhere</Link>
            <RubricPage />
          </>
        ),
      },
      { path: "/elsewhere", element: <p data-testid="navigated" /> },
    ],
    { initialEntries: ["/admin/rubric"] },
  );
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { fetch, router };
}

async function sentBody(fetch: ReturnType<typeof vi.fn>) {
  const put = fetch.mock.calls.map(([request]) => request as Request).find((r) => r.method === "PUT");
  expect(put).toBeDefined();
  return (await put!.json()) as typeof RUBRIC;
}

const criteria = () => screen.getAllByTestId("rubric-criterion");

afterEach(() => vi.unstubAllGlobals());

describe("RubricPage", () => {
  it("shows each criterion as a card and each level as its own score, label and descriptor", async () => {
    renderEditor(() => json(200, RUBRIC));

    const [clarity, teamwork] = await screen.findAllByTestId("rubric-criterion");
    expect(within(clarity!).getByLabelText("Name")).toHaveValue("Clarity");
    const levels = within(teamwork!).getAllByTestId("rubric-level");
    expect(levels).toHaveLength(2);
    expect(within(levels[1]!).getByLabelText("Score")).toHaveValue(1);
    expect(within(levels[1]!).getByLabelText("Label")).toHaveValue("Together");
    expect(within(levels[1]!).getByLabelText("Descriptor")).toHaveValue("Shares work.");
    expect(within(teamwork!).getByLabelText("Weight")).toHaveValue(2);
  });

  // About 35 keystrokes, each re-rendering the whole editor: more than the default 5 s on a busy machine.
  it("Enter in a descriptor is a new line, and a new level gets the next score and focus on its label", async () => {
    const { fetch } = renderEditor((r) => (r.method === "PUT" ? json(200, { ...RUBRIC, version: 4 }) : json(200, RUBRIC)));
    const user = userEvent.setup();
    const teamwork = (await screen.findAllByTestId("rubric-criterion"))[1]!;

    await user.click(within(teamwork).getByRole("button", { name: "Add a level to Teamwork" }));
    expect(within(teamwork).getAllByLabelText("Label")[2]).toHaveFocus();
    await user.keyboard("Leads");
    await user.tab();
    await user.keyboard("Plans the work{Enter}and shares it");
    await user.click(screen.getByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));

    await screen.findByText("Saved as version 4.");
    const body = await sentBody(fetch);
    expect(body.criteria[1]!.levels).toEqual([
      { score: 1, label: "Alone", descriptor: "" },
      { score: 1, label: "Together", descriptor: "Shares work." },
      { score: 2, label: "Leads", descriptor: "Plans the work\nand shares it" },
    ]);
  }, 15_000);

  it("a level above the scale widens the scale", async () => {
    renderEditor(() =>
      json(200, { ...RUBRIC, criteria: [{ ...RUBRIC.criteria[0]!, levels: [1, 2, 3, 4, 5].map((s) => ({ score: s, label: `L${s}`, descriptor: "" })) }] }),
    );
    const user = userEvent.setup();
    const [clarity] = await screen.findAllByTestId("rubric-criterion");

    await user.click(within(clarity!).getByRole("button", { name: "Add a level to Clarity" }));

    expect(within(clarity!).getAllByLabelText("Score")[5]).toHaveValue(6);
    expect(within(clarity!).getByLabelText("Highest score")).toHaveValue(6);
  });

  it("moves a criterion by keyboard, keeping focus on the moved card's button, and saves that order", async () => {
    const { fetch } = renderEditor((r) => (r.method === "PUT" ? json(200, { ...RUBRIC, version: 4 }) : json(200, RUBRIC)));
    const user = userEvent.setup();
    await screen.findAllByTestId("rubric-criterion");

    screen.getByRole("button", { name: "Move Teamwork up" }).focus();
    await user.keyboard("{Enter}");

    expect(within(criteria()[0]!).getByLabelText("Name")).toHaveValue("Teamwork");
    // At the top its "up" is disabled, so focus is on its "down".
    expect(screen.getByRole("button", { name: "Move Teamwork down" })).toHaveFocus();
    await user.keyboard(" ");
    expect(within(criteria()[1]!).getByLabelText("Name")).toHaveValue("Teamwork");
    expect(screen.getByRole("button", { name: "Move Teamwork up" })).toHaveFocus();
    await user.keyboard("{Enter}");

    await user.click(screen.getByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));
    await screen.findByText("Saved as version 4.");
    expect((await sentBody(fetch)).criteria.map((c) => c.key)).toEqual(["teamwork", "clarity"]);
  });

  it("moves and removes levels, keeping focus inside the list", async () => {
    renderEditor(() => json(200, RUBRIC));
    const user = userEvent.setup();
    await screen.findAllByTestId("rubric-criterion");

    await user.click(screen.getByRole("button", { name: "Move level 2 of Teamwork up" }));
    const labels = () => within(criteria()[1]!).getAllByLabelText("Label").map((input) => (input as HTMLInputElement).value);
    expect(labels()).toEqual(["Together", "Alone"]);
    expect(screen.getByRole("button", { name: "Move level 1 of Teamwork down" })).toHaveFocus();

    await user.click(screen.getByRole("button", { name: "Remove level 1 of Teamwork" }));
    expect(labels()).toEqual(["Alone"]);
    expect(within(criteria()[1]!).getByLabelText("Label")).toHaveFocus();
  });

  it("a new criterion gets focus on its name and a key made from it", async () => {
    const { fetch } = renderEditor((r) => (r.method === "PUT" ? json(200, { ...RUBRIC, version: 4 }) : json(200, RUBRIC)));
    const user = userEvent.setup();
    await screen.findAllByTestId("rubric-criterion");

    await user.click(screen.getByRole("button", { name: "Add a criterion" }));
    const name = within(criteria()[2]!).getByLabelText("Name");
    expect(name).toHaveFocus();
    await user.clear(name);
    await user.keyboard("Code quality");
    await user.click(screen.getByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));

    await screen.findByText("Saved as version 4.");
    expect((await sentBody(fetch)).criteria[2]).toMatchObject({ key: "code_quality", name: "Code quality", weight: 1, levels: [] });
  });

  it("asks before saving, naming the version it makes, and Keep editing sends nothing", async () => {
    const { fetch } = renderEditor(() => json(200, RUBRIC));
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Save as a new version" }));
    const ask = screen.getByRole("alertdialog");
    expect(ask).toHaveTextContent("Saving makes version 4; feedback already written keeps its version.");
    expect(within(ask).getByRole("button", { name: "Save version 4" })).toHaveFocus();
    await user.click(within(ask).getByRole("button", { name: "Keep editing" }));

    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(fetch.mock.calls.some(([r]) => (r as Request).method === "PUT")).toBe(false);
  });

  it("shows each refused field's message beside that field, and nothing beside the others", async () => {
    renderEditor((r) => (r.method === "PUT" ? refused() : json(200, RUBRIC)));
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));

    const name = screen.getByLabelText("Rubric name");
    expect(await screen.findByText("must not be empty or only spaces")).toBeInTheDocument();
    expect(name).toHaveFocus();
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("must not be empty or only spaces");
    const teamwork = criteria()[1]!;
    expect(within(teamwork).getAllByLabelText("Score")[1]).toHaveAccessibleDescription("score 1 is already used by another level");
    expect(within(teamwork).getAllByLabelText("Score")[0]).not.toHaveAttribute("aria-invalid");
    expect(within(teamwork).getByLabelText("Name")).toHaveAccessibleDescription("another criterion already has this name");
    expect(within(criteria()[0]!).getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
  });

  it("a score off the field's range still goes to the service, whose message shows beside it", async () => {
    const offScale = problem(422, "validation-error", {
      errors: [{ loc: ["body", "criteria", "0", "scale_max"], msg: "Input should be less than or equal to 10", type: "less_than_equal" }],
    });
    const { fetch } = renderEditor((r) => (r.method === "PUT" ? offScale : json(200, RUBRIC)));
    const user = userEvent.setup();
    const highest = within((await screen.findAllByTestId("rubric-criterion"))[0]!).getByLabelText("Highest score");

    await user.clear(highest);
    await user.type(highest, "12");
    await user.click(screen.getByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));

    expect(await screen.findByText("Input should be less than or equal to 10")).toBeInTheDocument();
    expect(highest).toHaveAccessibleDescription("Input should be less than or equal to 10");
    expect(highest).toHaveFocus();
    expect((await sentBody(fetch)).criteria[0]!.scale_max).toBe(12);
  });

  it("a message stays with its level after the level moves", async () => {
    renderEditor((r) => (r.method === "PUT" ? refused() : json(200, RUBRIC)));
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));
    await screen.findByText("score 1 is already used by another level");

    await user.click(screen.getByRole("button", { name: "Move level 2 of Teamwork up" }));

    const scores = within(criteria()[1]!).getAllByLabelText("Score");
    expect(scores[0]).toHaveAccessibleDescription("score 1 is already used by another level");
    expect(scores[1]).not.toHaveAttribute("aria-invalid");
  });

  it("a refusal for the number of criteria is shown under the criteria", async () => {
    const tooMany = problem(422, "validation-error", {
      detail: "criteria: List should have at most 20 items after validation, not 21",
      errors: [{ loc: ["body", "criteria"], msg: "List should have at most 20 items after validation, not 21", type: "too_long" }],
    });
    renderEditor((r) => (r.method === "PUT" ? tooMany : json(200, RUBRIC)));
    const user = userEvent.setup();

    await user.click(await screen.findByRole("button", { name: "Save as a new version" }));
    await user.click(screen.getByRole("button", { name: "Save version 4" }));

    expect(await screen.findByText("List should have at most 20 items after validation, not 21")).toHaveClass("field-error");
  });

  it("leaves without asking when nothing changed", async () => {
    renderEditor(() => json(200, RUBRIC));
    const user = userEvent.setup();
    await screen.findAllByTestId("rubric-criterion");

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
  });

  it("asks before leaving with unsaved changes; staying keeps them, leaving goes", async () => {
    renderEditor(() => json(200, RUBRIC));
    const user = userEvent.setup();
    const name = await screen.findByLabelText("Rubric name");
    await user.type(name, " 2");

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    const ask = await screen.findByRole("alertdialog");
    expect(ask).toHaveTextContent("This rubric has changes that are not saved.");
    expect(within(ask).getByRole("button", { name: "Stay and keep editing" })).toHaveFocus();
    await user.click(within(ask).getByRole("button", { name: "Stay and keep editing" }));
    expect(screen.getByLabelText("Rubric name")).toHaveValue("Capstone rubric 2");

    await user.click(screen.getByRole("link", { name: "Elsewhere" }));
    await user.click(await screen.findByRole("button", { name: "Leave without saving" }));
    expect(await screen.findByTestId("navigated")).toBeInTheDocument();
  });

  it("warns the browser on unload only while there are unsaved changes", async () => {
    renderEditor(() => json(200, RUBRIC));
    const user = userEvent.setup();
    const name = await screen.findByLabelText("Rubric name");
    const clean = new Event("beforeunload", { cancelable: true });
    act(() => void window.dispatchEvent(clean));
    expect(clean.defaultPrevented).toBe(false);

    await user.type(name, "!");
    const dirty = new Event("beforeunload", { cancelable: true });
    act(() => void window.dispatchEvent(dirty));
    expect(dirty.defaultPrevented).toBe(true);
  });

  it("starts from an empty rubric when none was saved yet", async () => {
    renderEditor(() => problem(404, "rubric-not-found", { detail: "No rubric has been defined yet." }));

    expect(await screen.findByText(/No rubric has been saved yet/)).toHaveTextContent("Saving makes version 1");
    expect(criteria()).toHaveLength(1);
  });
});
