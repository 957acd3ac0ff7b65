/** The student's self-assessment beside the feedback editor: their score and comment per
 * criterion of the rubric, their overall comment, and whether the release has locked it. */
import { useTranslation } from "react-i18next";

import { formatDateTime } from "../../lib/format";
import { useSelfAssessmentBeside } from "../../queries/selfAssessment";
import "./release.css";

type Props = {
  /** The saved draft, if any (before the first save the student's open one is shown). */
  feedbackId: string | null;
  studentId: string;
};

export function SelfAssessmentPanel({ feedbackId, studentId }: Props) {
  const { t } = useTranslation();
  const beside = useSelfAssessmentBeside(feedbackId, studentId);
  const data = beside.data;
  if (!data || (!data.enabled && !data.assessment)) return null;
  const assessment = data.assessment;
  const criteria = data.rubric?.criteria ?? [];
  return (
    <aside className="card self-assessment-panel" aria-labelledby="self-assessment-title">
      <h2 id="self-assessment-title">{t("selfAssessment.besideTitle")}</h2>
      {!assessment ? (
        <p className="meta">{t("selfAssessment.notYet")}</p>
      ) : (
        <>
          {assessment.locked ? (
            <p>
              <span className="badge">{t("selfAssessment.locked")}</span>
            </p>
          ) : null}
          <dl className="self-assessment-scores">
            {criteria.map((criterion) => {
              const score = assessment.scores[criterion.key];
              const level = criterion.levels.find((l) => l.score === score);
              const comment = assessment.criterion_comments[criterion.key];
              return (
                <div key={criterion.key}>
                  <dt>{criterion.name}</dt>
                  <dd>
                    {score === undefined
                      ? t("selfAssessment.noScore")
                      : t("selfAssessment.score", { score, max: criterion.scale_max })}
                    {level ? <span className="meta"> {level.label}</span> : null}
                    {comment ? <p>{comment}</p> : null}
                  </dd>
                </div>
              );
            })}
          </dl>
          {assessment.comments ? <p className="self-assessment-comments">{assessment.comments}</p> : null}
          <p className="meta">{t("selfAssessment.updated", { when: formatDateTime(assessment.updated_at) })}</p>
        </>
      )}
    </aside>
  );
}
