import type { Criterion, FeedbackItem, Rubric } from "../../api/types";
import { formatDate } from "../../lib/format";

function levelLabel(criterion: Criterion | undefined, score: number): string | null {
  return criterion?.levels.find((level) => level.score === score)?.label ?? null;
}

/** The content of one feedback: scores against its own rubric version, then the written parts. */
export function FeedbackView({ feedback, rubric }: { feedback: FeedbackItem; rubric: Rubric | undefined }) {
  const criteria = rubric?.criteria ?? [];
  const keys = Object.keys(feedback.scores);
  return (
    <>
      <p className="meta">
        From {feedback.mentor_name ?? "your mentor"} to {feedback.student_name ?? "a student"}
        {feedback.published_at ? ` · published ${formatDate(feedback.published_at)}` : " · draft"}
        {feedback.edited ? " · edited" : ""}
      </p>
      <h2>Scores</h2>
      {keys.length === 0 ? (
        <p className="meta">No rubric scores given.</p>
      ) : (
        <ul className="scores" aria-label="Rubric scores">
          {keys.map((key) => {
            const criterion = criteria.find((c) => c.key === key);
            const score = feedback.scores[key] ?? 0;
            const label = levelLabel(criterion, score);
            return (
              <li className="score" key={key}>
                <div className="label">{criterion?.name ?? key}</div>
                <div className="score-value">
                  {score}
                  <span className="meta"> / {criterion?.scale_max ?? 5}</span>
                </div>
                {label ? <div className="meta">{label}</div> : null}
              </li>
            );
          })}
        </ul>
      )}
      {feedback.overall_rating ? (
        <p>
          <strong>Overall rating:</strong> {feedback.overall_rating} / 5
        </p>
      ) : null}
      {feedback.strengths ? (
        <>
          <h2>Strengths</h2>
          <p className="prose">{feedback.strengths}</p>
        </>
      ) : null}
      {feedback.improvements ? (
        <>
          <h2>Areas to improve</h2>
          <p className="prose">{feedback.improvements}</p>
        </>
      ) : null}
      {feedback.comments ? (
        <>
          <h2>Comments</h2>
          <p className="prose">{feedback.comments}</p>
        </>
      ) : null}
    </>
  );
}
