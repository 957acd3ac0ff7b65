import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { LazyTrendChart as TrendChart } from "../../components/LazyTrendChart";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList, useStudentTrend } from "../../queries/feedback";

const STATE_BADGES = { draft: "badge-warn", published: "badge-good", withdrawn: "badge-bad" } as const;
const STATE_LABELS = { draft: "feedback.draft", published: "timeline.published", withdrawn: "timeline.withdrawn" } as const;

/** One student's feedback over time (from every mentor) and their trend per criterion. */
export function StudentTimeline() {
  const { t } = useTranslation();
  const { studentId = "" } = useParams();
  const list = useFeedbackList({ student_id: studentId, sort: "-created_at", limit: 100 });
  const trend = useStudentTrend(studentId);
  const items = list.data?.items ?? [];
  const name = items.find((item) => item.student_name)?.student_name ?? t("timeline.student");
  return (
    <section aria-labelledby="timeline-title">
      <p>
        <Link to="/mentor">← {t("timeline.back")}</Link>
      </p>
      <h1 id="timeline-title">{t("timeline.title", { name })}</h1>
      <p className="actions">
        <Link className="button-primary" to={`/mentor/feedback/new/edit?student=${studentId}&name=${encodeURIComponent(name)}`}>
          {t("timeline.write")}
        </Link>
      </p>
      {trend.data ? <TrendChart trend={trend.data} title={t("timeline.trend")} /> : null}
      <ErrorMessage error={trend.error} />
      <h2>{t("timeline.list")}</h2>
      <QueryView query={list} isEmpty={() => items.length === 0} empty={t("timeline.empty")}>
        {() => (
          <ol className="feedback-list timeline">
            {items.map((item) => (
              <li key={item.id}>
                <Link
                  to={feedbackPath(item.id)}
                  className="feedback-item"
                >
                  <strong>{item.title}</strong>{" "}
                  <span className={`badge ${STATE_BADGES[item.state]}`}>{t(STATE_LABELS[item.state])}</span>
                  {item.edited ? <span className="badge">{t("feedback.edited")}</span> : null}
                  {item.acknowledged_at ? <span className="badge">{t("feedback.acknowledged")}</span> : null}
                  <div className="meta">
                    {item.mentor_name ?? t("feedback.mentor")} · {formatDate(item.published_at ?? item.created_at)}
                  </div>
                </Link>
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
