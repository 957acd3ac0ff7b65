import { useTranslation } from "react-i18next";

import type { Criterion, FeedbackItem, Rubric } from "../../api/types";
import { formatDate } from "../../lib/format";

function levelLabel(criterion: Criterion | undefined, score: number): string | null {
  return criterion?.levels.find((level) => level.score === score)?.label ?? null;
}

/** The content of one feedback: scores against its own rubric version, then the written parts. */
export function FeedbackView({ feedback, rubric }: { feedback: FeedbackItem; rubric: Rubric | undefined }) {
  const criteria = rubric?.criteria ?? [];
  // Every scored criterion, and any commented one left unscored.
  const keys = [...new Set([...Object.keys(feedback.scores), ...Object.keys(feedback.criterion_comments ?? {})])];
  const { t } = useTranslation();
  return (
    <>
      <p className="meta">
        {t("feedback.fromTo", { mentor: feedback.mentor_name ?? t("feedback.yourMentor"), student: feedback.student_name ?? t("feedback.aStudent") })}
        {feedback.published_at ? ` · ${t("feedback.publishedOn", { date: formatDate(feedback.published_at) })}` : ` · ${t("feedback.draft")}`}
        {feedback.edited ? ` · ${t("feedback.editedLower")}` : ""}
      </p>
      <h2>{t("feedback.scores")}</h2>
      {keys.length === 0 ? (
        <p className="meta">{t("feedback.noScores")}</p>
      ) : (
        <ul className="scores" aria-label={t("feedback.rubricScores")}>
          {keys.map((key) => {
            const criterion = criteria.find((c) => c.key === key);
            const score = feedback.scores[key];
            const label = score === undefined ? null : levelLabel(criterion, score);
            return (
              <li className="score" key={key}>
                <div className="label">{criterion?.name ?? key}</div>
                <div className="score-value">
                  {score ?? "—"}
                  <span className="meta"> / {criterion?.scale_max ?? 5}</span>
                </div>
                {label ? <div className="meta">{label}</div> : null}
                {feedback.criterion_comments?.[key] ? (
                  <p className="prose score-comment" data-testid="criterion-comment">
                    {feedback.criterion_comments[key]}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {feedback.overall_rating ? (
        <p>
          <strong>{t("feedback.overall")}</strong> {feedback.overall_rating} / 5
        </p>
      ) : null}
      {feedback.strengths ? (
        <>
          <h2>{t("feedback.strengths")}</h2>
          <p className="prose">{feedback.strengths}</p>
        </>
      ) : null}
      {feedback.improvements ? (
        <>
          <h2>{t("feedback.improvements")}</h2>
          <p className="prose">{feedback.improvements}</p>
        </>
      ) : null}
      {feedback.comments ? (
        <>
          <h2>{t("feedback.comments")}</h2>
          <p className="prose">{feedback.comments}</p>
        </>
      ) : null}
    </>
  );
}
