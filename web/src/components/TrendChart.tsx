import { useEffect, useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";

import type { Rubric, StudentTrend } from "../api/types";
import { currentLanguage, t } from "../i18n";
import { formatDate, formatNumber } from "../lib/format";
import { useShownTheme } from "../lib/theme";
import { Empty } from "./feedback";

// One line colour per criterion, each with at least 3:1 against the chart's background in its theme.
const COLOURS = {
  light: ["#1d4ed8", "#b91c1c", "#047857", "#a16207", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f"],
  dark: ["#93c5fd", "#fca5a5", "#6ee7b7", "#fcd34d", "#c4b5fd", "#67e8f9", "#f9a8d4", "#bef264"],
};
// A marker shape and a dash pattern per criterion too, so series that overlap (or a reader who
// does not tell the colours apart) still tell one line from another. 7 shapes and 8 colours:
// the pair stays distinct for 56 criteria (a rubric has at most 20).
export const SHAPES = ["circle", "square", "triangle", "diamond", "cross", "star", "wye"] as const;
const DASHES = ["", "6 3", "2 3", "8 3 2 3", "4 4", "10 4", "2 6"];

/** Below this width the chart becomes one small chart per criterion (small multiples). */
export const SMALL_MULTIPLES_BELOW = 600;
const Y_AXIS_WIDTH = 32;
const MARGIN = { top: 12, right: 16, bottom: 4, left: 4 };
const X_PADDING = 14;
const TICK_FONT = 12;
const ROW_ID: keyof Row = "id";
const LEVEL = "middle";
const SLANTED = "end";

export interface Row {
  id: string;
  date: string;
  label: string;
  scores: Record<string, number>;
}

export interface Scale {
  min: number;
  max: number;
}

/** One row per feedback (in date order), with each criterion's score: the shape a line chart wants. */
export function toRows(trend: StudentTrend): Row[] {
  const rows = new Map<string, Row>();
  for (const series of trend.criteria) {
    for (const point of series.points) {
      const row = rows.get(point.feedback_id) ?? {
        id: point.feedback_id,
        date: point.date,
        label: point.title,
        scores: {},
      };
      row.scores[series.key] = point.score;
      rows.set(point.feedback_id, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
}

/**
 * The y axis of the given criteria: the rubric's scale, lowest minimum to highest maximum. A score
 * outside it (given under an older rubric version with another scale) widens it rather than being
 * cut off; without a rubric (it could not be loaded) the scores and 0 decide.
 */
export function scaleOf(rubric: Rubric | undefined, keys: string[], rows: Row[]): Scale {
  const scales = (rubric?.criteria ?? []).filter((c) => keys.includes(c.key));
  const scores = rows.flatMap((row) => keys.map((key) => row.scores[key]).filter((s) => s !== undefined));
  const min = Math.min(...scales.map((c) => c.scale_min), ...(scales.length ? [] : [0]), ...scores);
  const max = Math.max(...scales.map((c) => c.scale_max), ...scores);
  return { min: Math.floor(min), max: Math.max(Math.ceil(max), Math.floor(min) + 1) };
}

function scoreText(score: number | undefined): string {
  return score === undefined ? "—" : formatNumber(score);
}

/** A tick label: day and month (and the year when the feedback spans more than one). */
function shortDate(value: string, withYear: boolean): string {
  return new Intl.DateTimeFormat(currentLanguage(), {
    day: "numeric",
    month: "short",
    ...(withYear ? { year: "2-digit" } : {}),
  }).format(new Date(value));
}

export interface TickLayout {
  angle: number;
  /** Recharts' interval: 0 labels every date; n labels one date in n + 1. */
  interval: number;
  height: number;
}

/**
 * How the date ticks fit `plotWidth`: level when there is room, slanted, then upright; only
 * when even upright labels would touch is every second (third, ...) one left out, and those
 * dates stay in the tooltip of their point and in the table below the chart.
 */
export function tickLayout(count: number, plotWidth: number, labelWidth: number): TickLayout {
  const space = plotWidth / Math.max(count, 1);
  if (space >= labelWidth + 8) return { angle: 0, interval: 0, height: 24 };
  if (space >= TICK_FONT * 1.5) return { angle: -45, interval: 0, height: Math.ceil(labelWidth * 0.72) + 14 };
  const upright = TICK_FONT + 2;
  return {
    angle: -90,
    interval: space >= upright ? 0 : Math.ceil(upright / space) - 1,
    height: labelWidth + 12,
  };
}

/** The width of the element, following resizes (a fixed `fallback` where nothing is laid out). */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      if (element.clientWidth > 0) setWidth(element.clientWidth);
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

interface Series {
  key: string;
  name: string;
  index: number;
}

interface PlotProps {
  rows: Row[];
  series: Series[];
  scale: Scale;
  width: number;
  height: number;
  description: string;
  testId: string;
}

function Plot({ rows, series, scale, width, height, description, testId }: PlotProps) {
  const colours = COLOURS[useShownTheme()];
  const withYear = new Set(rows.map((row) => row.date.slice(0, 4))).size > 1;
  const labels = new Map(rows.map((row) => [row.id, shortDate(row.date, withYear)]));
  const longest = Math.max(...[...labels.values()].map((label) => label.length));
  const plotWidth = width - Y_AXIS_WIDTH - MARGIN.left - MARGIN.right - 2 * X_PADDING;
  const ticks = tickLayout(rows.length, plotWidth, longest * TICK_FONT * 0.6);
  const dates = new Map(rows.map((row) => [row.id, row.date]));
  return (
    <div className="chart-plot" data-testid={testId}>
      <LineChart
        width={width}
        height={height + ticks.height}
        data={rows}
        margin={MARGIN}
        accessibilityLayer
        title={description}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey={ROW_ID}
          tickFormatter={(id: string) => labels.get(id) ?? ""}
          interval={ticks.interval}
          angle={ticks.angle}
          textAnchor={ticks.angle === 0 ? LEVEL : SLANTED}
          height={ticks.height}
          padding={{ left: X_PADDING, right: X_PADDING }}
          tick={{ fontSize: TICK_FONT }}
        />
        <YAxis
          type="number"
          domain={[scale.min, scale.max]}
          ticks={Array.from({ length: scale.max - scale.min + 1 }, (_, i) => scale.min + i)}
          interval={0}
          width={Y_AXIS_WIDTH}
          tick={{ fontSize: TICK_FONT }}
        />
        <Tooltip
          labelFormatter={(id) => formatDate(dates.get(String(id)))}
          formatter={(value) => formatNumber(Number(value))}
        />
        {series.length > 1 ? <Legend /> : null}
        {series.map(({ key, name, index }) => {
          const colour = colours[index % colours.length];
          const shape = SHAPES[index % SHAPES.length];
          // Later criteria draw thinner lines and smaller markers on top of earlier ones, so
          // criteria with the same scores show as nested markers and a line inside a line.
          const layer = Math.min(index, 4);
          return (
            <Line
              key={key}
              type="linear"
              dataKey={(row: Row) => row.scores[key]}
              name={name}
              stroke={colour}
              strokeWidth={3.5 - 0.5 * layer}
              strokeDasharray={DASHES[index % DASHES.length] || undefined}
              dot={{
                symbol: shape,
                r: 7 - layer,
                fill: "var(--surface)",
                stroke: colour,
                strokeWidth: 2,
                strokeDasharray: "none",
                clipDot: false,
                className: `trend-marker trend-marker-${shape}`,
              }}
              activeDot={{ symbol: shape, r: 7, fill: colour, stroke: colour, strokeDasharray: "none" }}
              legendType={shape}
              connectNulls
              isAnimationActive={false}
            />
          );
        })}
      </LineChart>
    </div>
  );
}

interface Props {
  trend: StudentTrend;
  title: string;
  /** The rubric whose scales the y axis spans (the current one; see scaleOf). */
  rubric?: Rubric;
  /** Draw at this width instead of the container's (tests). */
  width?: number;
}

/**
 * Each criterion's score over time: one chart with a marker shape, dash and colour per criterion,
 * or one small chart per criterion on a narrow screen; the same numbers as a table below.
 */
export function TrendChart({ trend, title, rubric, width: fixedWidth }: Props) {
  const [ref, measured] = useWidth(fixedWidth ?? 720);
  const width = fixedWidth ?? measured;
  const rows = toRows(trend);
  if (rows.length === 0) return <Empty>{t("chart.empty")}</Empty>;
  const series: Series[] = trend.criteria.map((c, index) => ({ key: c.key, name: c.name, index }));
  const small = width < SMALL_MULTIPLES_BELOW;
  return (
    <figure className="card" aria-labelledby="trend-caption">
      <figcaption id="trend-caption">
        <h2>{title}</h2>
      </figcaption>
      <div className={small ? "chart chart-multiples" : "chart"} ref={ref} data-testid="trend-chart">
        {small ? (
          series.map((one) => (
            <section key={one.key} aria-label={one.name}>
              <h3 className="chart-title">{one.name}</h3>
              <Plot
                rows={rows.filter((row) => row.scores[one.key] !== undefined)}
                series={[one]}
                scale={scaleOf(rubric, [one.key], rows)}
                width={width}
                height={150}
                description={t("chart.descriptionOne", { title, criterion: one.name })}
                testId="trend-plot"
              />
            </section>
          ))
        ) : (
          <Plot
            rows={rows}
            series={series}
            scale={scaleOf(
              rubric,
              series.map((s) => s.key),
              rows,
            )}
            width={width}
            height={280}
            description={t("chart.description", { title })}
            testId="trend-plot"
          />
        )}
      </div>
      <details>
        <summary>{t("chart.asTable")}</summary>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("chart.tableLabel", { title })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("chart.feedback")}</th>
                {trend.criteria.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row">
                    {row.label} <span className="meta">({formatDate(row.date)})</span>
                  </th>
                  {trend.criteria.map((c) => (
                    <td key={c.key}>{scoreText(row.scores[c.key])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
