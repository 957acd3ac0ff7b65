import { render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import type { Rubric, StudentTrend } from "../api/types";
import { setLanguage } from "../i18n";
import { scaleOf, SHAPES, tickLayout, toRows, TrendChart } from "./TrendChart";

const point = (id: string, date: string, score: number) => ({
  feedback_id: id,
  title: `Review ${id}`,
  date,
  score,
  running_average: score,
});

const DATES = [
  "2026-09-02T10:00:00Z",
  "2026-09-09T10:00:00Z",
  "2026-09-16T10:00:00Z",
  "2026-09-23T10:00:00Z",
  "2026-09-30T10:00:00Z",
  "2026-10-07T10:00:00Z",
  "2026-10-14T10:00:00Z",
  "2026-10-21T10:00:00Z",
];

/** Two criteria with the same scores on every date: their lines lie on top of each other. */
function overlapping(count = DATES.length): StudentTrend {
  const dates = DATES.slice(0, count);
  return {
    student_id: "s",
    feedback_count: dates.length,
    overall: [],
    criteria: [
      { key: "code", name: "Code", points: dates.map((d, i) => point(`f${i}`, d, 3)) },
      { key: "talk", name: "Talk", points: dates.map((d, i) => point(`f${i}`, d, 3)) },
    ],
  };
}

function rubric(criteria: { key: string; min: number; max: number }[]): Rubric {
  return {
    version: 3,
    rubric_id: "default",
    name: "Rubric",
    created_at: "2026-09-01T00:00:00Z",
    criteria: criteria.map((c) => ({
      key: c.key,
      name: c.key,
      description: "",
      scale_min: c.min,
      scale_max: c.max,
      levels: [],
      weight: 1,
    })),
  };
}

const RUBRIC = rubric([
  { key: "code", min: 1, max: 5 },
  { key: "talk", min: 1, max: 5 },
]);

function xTicks(plot: HTMLElement): string[] {
  return [...plot.querySelectorAll(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value")].map((t) => t.textContent ?? "");
}

function yTicks(plot: HTMLElement): string[] {
  return [...plot.querySelectorAll(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value")].map((t) => t.textContent ?? "");
}

afterEach(async () => {
  await setLanguage("en", { remember: false });
});

describe("toRows", () => {
  it("makes one row per feedback in date order with each criterion's score", () => {
    const rows = toRows({
      student_id: "s",
      feedback_count: 2,
      overall: [],
      criteria: [
        { key: "code", name: "Code", points: [point("b", "2026-10-14T00:00:00Z", 3), point("a", "2026-10-01T00:00:00Z", 2)] },
        { key: "talk", name: "Talk", points: [point("a", "2026-10-01T00:00:00Z", 4)] },
      ],
    });
    expect(rows).toEqual([
      { id: "a", date: "2026-10-01T00:00:00Z", label: "Review a", scores: { code: 2, talk: 4 } },
      { id: "b", date: "2026-10-14T00:00:00Z", label: "Review b", scores: { code: 3 } },
    ]);
  });

  it("keeps a criterion whose key is a row field apart from the row's own fields", () => {
    const rows = toRows({
      student_id: "s",
      feedback_count: 1,
      overall: [],
      criteria: [{ key: "date", name: "Date", points: [point("a", "2026-10-01T00:00:00Z", 2)] }],
    });
    expect(rows[0]?.date).toBe("2026-10-01T00:00:00Z");
    expect(rows[0]?.scores.date).toBe(2);
  });
});

describe("scaleOf", () => {
  const rows = toRows(overlapping(2));

  it("spans the rubric's scale, not the scores", () => {
    expect(scaleOf(RUBRIC, ["code", "talk"], rows)).toEqual({ min: 1, max: 5 });
    expect(scaleOf(rubric([{ key: "code", min: 0, max: 10 }]), ["code"], rows)).toEqual({ min: 0, max: 10 });
  });

  it("takes the lowest minimum and highest maximum of the criteria shown", () => {
    const mixed = rubric([
      { key: "code", min: 1, max: 4 },
      { key: "talk", min: 0, max: 6 },
    ]);
    expect(scaleOf(mixed, ["code", "talk"], rows)).toEqual({ min: 0, max: 6 });
    expect(scaleOf(mixed, ["code"], rows)).toEqual({ min: 1, max: 4 });
  });

  it("widens for a score an older scale allowed instead of cutting it off", () => {
    const high = toRows({
      student_id: "s",
      feedback_count: 1,
      overall: [],
      criteria: [{ key: "code", name: "Code", points: [point("a", "2026-09-02T10:00:00Z", 7)] }],
    });
    expect(scaleOf(rubric([{ key: "code", min: 1, max: 5 }]), ["code"], high)).toEqual({ min: 1, max: 7 });
  });
});

describe("tickLayout", () => {
  it("labels every date, level when there is room, slanted or upright when not", () => {
    expect(tickLayout(4, 600, 40)).toMatchObject({ angle: 0, interval: 0 });
    expect(tickLayout(12, 300, 40)).toMatchObject({ angle: -45, interval: 0 });
    expect(tickLayout(20, 300, 40)).toMatchObject({ angle: -90, interval: 0 });
  });

  it("leaves dates out only when even upright labels would touch", () => {
    expect(tickLayout(60, 300, 40)).toMatchObject({ angle: -90, interval: 2 });
  });
});

describe("TrendChart", () => {
  it("labels every feedback's date on the x axis", () => {
    render(<TrendChart trend={overlapping()} title="Scores" rubric={RUBRIC} width={800} />);
    const plot = screen.getByTestId("trend-plot");
    expect(xTicks(plot)).toEqual(["Sep 2", "Sep 9", "Sep 16", "Sep 23", "Sep 30", "Oct 7", "Oct 14", "Oct 21"]);
  });

  it("labels the dates in the interface's language", async () => {
    await setLanguage("es", { remember: false });
    render(<TrendChart trend={overlapping(2)} title="Puntuaciones" rubric={RUBRIC} width={800} />);
    expect(xTicks(screen.getByTestId("trend-plot"))).toEqual(["2 sept", "9 sept"]);
  });

  it("adds the year when the feedback spans more than one", () => {
    const trend = overlapping(1);
    trend.criteria[0]?.points.push(point("late", "2027-01-05T10:00:00Z", 4));
    render(<TrendChart trend={trend} title="Scores" rubric={RUBRIC} width={800} />);
    expect(xTicks(screen.getByTestId("trend-plot"))).toEqual(["Sep 2, 26", "Jan 5, 27"]);
  });

  it("draws the y axis over the rubric's whole scale although every score is 3", () => {
    render(<TrendChart trend={overlapping()} title="Scores" rubric={RUBRIC} width={800} />);
    expect(yTicks(screen.getByTestId("trend-plot"))).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("gives each criterion its own marker shape on every point, straight segments and a legend", () => {
    const { container } = render(<TrendChart trend={overlapping()} title="Scores" rubric={RUBRIC} width={800} />);
    const code = container.querySelectorAll(`.trend-marker-${SHAPES[0]}`);
    const talk = container.querySelectorAll(`.trend-marker-${SHAPES[1]}`);
    expect(code).toHaveLength(DATES.length);
    expect(talk).toHaveLength(DATES.length);
    const lines = [...container.querySelectorAll(".recharts-line-curve")];
    expect(lines).toHaveLength(2);
    // Linear segments: a path of straight "L" steps, never the curves ("C") of a smoothed line.
    for (const line of lines) expect(line.getAttribute("d")).not.toMatch(/C/);
    // The overlapping lines differ in colour and in dash.
    expect(new Set(lines.map((l) => l.getAttribute("stroke"))).size).toBe(2);
    expect(new Set(lines.map((l) => l.getAttribute("stroke-dasharray") ?? "")).size).toBe(2);
    // ... and the one on top is thinner, with smaller markers, so the one below still shows.
    const widths = lines.map((l) => Number(l.getAttribute("stroke-width")));
    expect(widths[1]).toBeLessThan(widths[0] ?? 0);
    expect(code[0]?.getAttribute("d")).toBeTruthy();
    expect(code[0]?.getAttribute("d")).not.toEqual(talk[0]?.getAttribute("d"));
    const legend = container.querySelector(".recharts-legend-wrapper") as HTMLElement;
    expect(within(legend).getByText("Code")).toBeInTheDocument();
    expect(within(legend).getByText("Talk")).toBeInTheDocument();
  });

  it("becomes one small chart per criterion on a phone, each with every date and its own scale", () => {
    const trend = overlapping();
    const wide = rubric([
      { key: "code", min: 1, max: 5 },
      { key: "talk", min: 0, max: 3 },
    ]);
    render(<TrendChart trend={trend} title="Scores" rubric={wide} width={330} />);
    const plots = screen.getAllByTestId("trend-plot");
    expect(plots).toHaveLength(2);
    const [first, second] = plots as [HTMLElement, HTMLElement];
    expect(screen.getByRole("heading", { name: "Code", level: 3 })).toBeInTheDocument();
    for (const plot of plots) expect(xTicks(plot)).toHaveLength(DATES.length);
    expect(yTicks(first)).toEqual(["1", "2", "3", "4", "5"]);
    expect(yTicks(second)).toEqual(["0", "1", "2", "3"]);
  });

  it("keeps the table with every feedback, its date and each score", () => {
    render(<TrendChart trend={overlapping(2)} title="Scores" rubric={RUBRIC} width={800} />);
    const table = screen.getByRole("table");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Feedback", "Code", "Talk"]);
    expect(within(table).getByRole("rowheader", { name: "Review f1 (Sep 9, 2026)" })).toBeInTheDocument();
    expect(within(table).getAllByRole("cell").map((c) => c.textContent)).toEqual(["3", "3", "3", "3"]);
  });

  it("says so when there is nothing to draw", () => {
    render(<TrendChart trend={{ student_id: "s", feedback_count: 0, overall: [], criteria: [] }} title="Scores" width={800} />);
    expect(screen.getByText("No published feedback yet, so there is no trend to show.")).toBeInTheDocument();
  });
});
