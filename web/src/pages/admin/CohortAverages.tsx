import { useTranslation } from "react-i18next";

import { QueryView } from "../../components/QueryView";
import { formatNumber } from "../../lib/format";
import { useCohortTrend } from "../../queries/feedback";

/** A cohort's average score per criterion over its published feedback. */
export function CohortAverages({ cohort }: { cohort: string }) {
  const { t } = useTranslation();
  const trend = useCohortTrend(cohort);
  return (
    <QueryView query={trend} loadingLabel={t("cohortAverages.loading")}>
      {(data) => (
        <section className="card" aria-labelledby="cohort-title">
          <h2 id="cohort-title">{t("cohortAverages.title", { cohort: data.cohort })}</h2>
          <p className="meta">
            {t("cohortAverages.students", { count: data.student_count })} ·{" "}
            {t("cohortAverages.published", { count: data.feedback_count })} ·{" "}
            {t("cohortAverages.overall", {
              value: data.overall_average !== null ? formatNumber(data.overall_average) : "—",
            })}
          </p>
          <ul className="scores">
            {data.criteria.map((c) => (
              <li className="score" key={c.key}>
                <div className="label">{c.name}</div>
                <div className="score-value">{c.average !== null ? formatNumber(c.average) : "—"}</div>
                <div className="meta">{t("cohortAverages.scores", { count: c.count })}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </QueryView>
  );
}
