import { useQuery } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../../api/client";
import { ErrorMessage, Loading } from "../../components/feedback";

/** A cohort's average score per criterion over its published feedback. */
export function CohortAverages({ cohort }: { cohort: string }) {
  const trend = useQuery({
    queryKey: ["cohort-trend", cohort],
    queryFn: () => unwrap(feedbackApi.GET("/v1/cohorts/trends", { params: { query: { cohort } } })),
  });
  if (trend.isPending) return <Loading label="Loading the cohort's averages…" />;
  if (trend.isError) return <ErrorMessage error={trend.error} />;
  const t = trend.data;
  return (
    <section className="card" aria-labelledby="cohort-title">
      <h2 id="cohort-title">{t.cohort}: averages</h2>
      <p className="meta">
        {t.student_count} students · {t.feedback_count} published feedback · overall{" "}
        {t.overall_average !== null ? t.overall_average.toFixed(2) : "—"}
      </p>
      <ul className="scores">
        {t.criteria.map((c) => (
          <li className="score" key={c.key}>
            <div className="label">{c.name}</div>
            <div className="score-value">{c.average !== null ? c.average.toFixed(2) : "—"}</div>
            <div className="meta">{c.count} scores</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
