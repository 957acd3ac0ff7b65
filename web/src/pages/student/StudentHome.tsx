import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useAuth } from "../../auth/AuthProvider";
import { LazyTrendChart as TrendChart } from "../../components/LazyTrendChart";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList, useStudentTrend } from "../../queries/feedback";
import { useMySelfAssessments } from "../../queries/selfAssessment";

/** My feedback, newest first, unacknowledged marked; and my scores over time. */
export function StudentHome() {
  const { user } = useAuth();
  const { t } = useTranslation();
  const list = useFeedbackList({ sort: "-created_at", limit: 50 });
  const trend = useStudentTrend(user?.id);
  const items = list.data?.items ?? [];
  const open = items.filter((item) => !item.acknowledged_at).length;
  // Only a student whose cohort asks for self-assessments (or who has done some) is offered it.
  const selfAssessments = useMySelfAssessments().data;
  const offersSelfAssessment = Boolean(selfAssessments?.cohorts.length || selfAssessments?.past.length);

  return (
    <section aria-labelledby="student-title">
      <h1 id="student-title">{t("student.title")}</h1>
      <p>
        <Link to="/student/requests" className="button-secondary" data-testid="ask-for-feedback">
          {t("requests.askLink")}
        </Link>
        {offersSelfAssessment ? (
          <>
            {" "}
            <Link to="/student/self-assessment" className="button-secondary">
              {t("selfAssessment.link")}
            </Link>
          </>
        ) : null}
      </p>
      <QueryView
        query={list}
        loadingLabel={t("student.loading")}
        isEmpty={() => items.length === 0}
        empty={t("student.empty")}
      >
        {() => (
          <>
            <p className="meta" data-testid="unacknowledged-count">
              {open === 0 ? t("student.allAcknowledged") : t("student.toAcknowledge", { count: open })}
            </p>
            <ul className="feedback-list">
              {items.map((item) => (
                <li key={item.id}>
                  <Link
                    to={feedbackPath(item.id)}
                    className={`feedback-item${item.acknowledged_at ? "" : " unread"}`}
                    data-testid="feedback-item"
                  >
                    <strong>{item.title}</strong>{" "}
                    {item.acknowledged_at ? (
                      <span className="badge badge-good">{t("feedback.acknowledged")}</span>
                    ) : (
                      <span className="badge badge-new">{t("feedback.new")}</span>
                    )}
                    {item.edited ? <span className="badge">{t("feedback.edited")}</span> : null}
                    <div className="meta">
                      {item.mentor_name ?? t("feedback.mentor")} · {formatDate(item.published_at ?? item.created_at)}
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </QueryView>
      {trend.data ? <TrendChart trend={trend.data} title={t("student.trend")} /> : null}
      <ErrorMessage error={trend.error} />
    </section>
  );
}
