import { QueryView } from "../../components/QueryView";
import { useCohortTrend } from "../../queries/feedback";

/** A cohort's average score per criterion over its published feedback. */
export function CohortAverages({ cohort }: { cohort: string }) {
  const trend = useCohortTrend(cohort);
  return (
    <QueryView query={trend} loadingLabel="Loading the cohort's averages…">
      {(t) => (
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
      )}
    </QueryView>
  );
}
