import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { StudentTrend } from "../api/types";
import { t } from "../i18n";
import { formatDate } from "../lib/format";
import { useShownTheme } from "../lib/theme";
import { Empty } from "./feedback";

// One line colour per criterion, each with at least 3:1 against the chart's background in its theme.
const COLOURS = {
  light: ["#1d4ed8", "#b91c1c", "#047857", "#a16207", "#7c3aed", "#0e7490", "#be185d", "#4d7c0f"],
  dark: ["#93c5fd", "#fca5a5", "#6ee7b7", "#fcd34d", "#c4b5fd", "#67e8f9", "#f9a8d4", "#bef264"],
};

interface Row {
  date: string;
  label: string;
  [criterion: string]: string | number;
}

/** One row per feedback (in date order), one column per criterion: the shape a line chart wants. */
export function toRows(trend: StudentTrend): Row[] {
  const rows = new Map<string, Row>();
  for (const series of trend.criteria) {
    for (const point of series.points) {
      const row = rows.get(point.feedback_id) ?? { date: point.date, label: point.title };
      row[series.key] = point.score;
      rows.set(point.feedback_id, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Each criterion's score over time, with the same numbers as a table for screen readers. */
export function TrendChart({ trend, title }: { trend: StudentTrend; title: string }) {
  const colours = COLOURS[useShownTheme()];
  const rows = toRows(trend);
  if (rows.length === 0) return <Empty>{t("chart.empty")}</Empty>;
  const max = Math.max(5, ...rows.flatMap((r) => trend.criteria.map((c) => Number(r[c.key] ?? 0))));
  return (
    <figure className="card" aria-labelledby="trend-caption">
      <figcaption id="trend-caption">
        <h2>{title}</h2>
      </figcaption>
      <div className="chart" data-testid="trend-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={rows}
            margin={{ top: 10, right: 20, bottom: 10, left: 0 }}
            accessibilityLayer
            title={t("chart.description", { title })}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" tickFormatter={(value: string) => formatDate(value)} minTickGap={24} />
            <YAxis domain={[0, max]} ticks={Array.from({ length: max + 1 }, (_, i) => i)} width={32} />
            <Tooltip labelFormatter={(value) => formatDate(String(value))} />
            <Legend />
            {trend.criteria.map((series, index) => (
              <Line
                key={series.key}
                type="monotone"
                dataKey={series.key}
                name={series.name}
                stroke={colours[index % colours.length]}
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t("chart.asTable")}</summary>
        <div className="table-wrap">
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
                <tr key={`${row.date}-${row.label}`}>
                  <th scope="row">
                    {row.label} <span className="meta">({formatDate(row.date)})</span>
                  </th>
                  {trend.criteria.map((c) => (
                    <td key={c.key}>{row[c.key] ?? "—"}</td>
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
