/** A student scores themself against their cohort's rubric, with a comment per criterion and an
 * overall one, before their mentor's feedback of the cycle is released (which locks it). */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { type CohortSelfAssessment, useMySelfAssessments, useSaveSelfAssessment } from "../../queries/selfAssessment";

export function SelfAssessmentPage() {
  const { t } = useTranslation();
  const mine = useMySelfAssessments();
  // Kept here: saving the first time re-keys the cohort's form (its open self-assessment's id).
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <section aria-labelledby="self-assessment-page-title">
      <h1 id="self-assessment-page-title">{t("selfAssessment.title")}</h1>
      <p className="meta">
        <Link to="/student">{t("requests.back")}</Link>
      </p>
      <p>{t("selfAssessment.intro")}</p>
      <QueryView
        query={mine}
        isEmpty={(data) => data.cohorts.length === 0 && data.past.length === 0}
        empty={t("selfAssessment.none")}
      >
        {(data) => (
          <>
            {data.cohorts.map((item) => (
              <CohortForm
                key={`${item.cohort}:${item.current?.id ?? "new"}`}
                item={item}
                saved={saved === item.cohort}
                onSaved={setSaved}
              />
            ))}
            {data.past.length > 0 ? (
              <>
                <h2>{t("selfAssessment.past")}</h2>
                <ul>
                  {data.past.map((past) => (
                    <li key={past.id}>
                      {t("selfAssessment.pastItem", { cohort: past.cohort, when: formatDateTime(past.locked_at) })}{" "}
                      {past.feedback_id ? <Link to={feedbackPath(past.feedback_id)}>{t("selfAssessment.openFeedback")}</Link> : null}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </>
        )}
      </QueryView>
    </section>
  );
}

type FormProps = { item: CohortSelfAssessment; saved: boolean; onSaved: (cohort: string | null) => void };

function CohortForm({ item, saved, onSaved }: FormProps) {
  const { t } = useTranslation();
  const save = useSaveSelfAssessment();
  const [scores, setScores] = useState<Record<string, number>>({ ...(item.current?.scores ?? {}) });
  const [notes, setNotes] = useState<Record<string, string>>({ ...(item.current?.criterion_comments ?? {}) });
  const [comments, setComments] = useState(item.current?.comments ?? "");
  const slug = item.cohort.replace(/[^A-Za-z0-9]+/g, "-");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaved(null);
    save.mutate({ cohort: item.cohort, scores, criterion_comments: notes, comments }, { onSuccess: () => onSaved(item.cohort) });
  };

  return (
    <form className="card" onSubmit={submit} aria-label={t("selfAssessment.formLabel", { cohort: item.cohort })}>
      <h2>{item.cohort}</h2>
      {item.current ? (
        <p className="meta">{t("selfAssessment.lastSaved", { when: formatDateTime(item.current.updated_at) })}</p>
      ) : null}
      {item.rubric.criteria.map((criterion) => {
        const options: number[] = [];
        for (let s = criterion.scale_min; s <= criterion.scale_max; s += 1) options.push(s);
        const noteId = `sa-${slug}-${criterion.key}-comment`;
        return (
          <fieldset key={criterion.key} className="score-field">
            <legend>
              {criterion.name}
              {criterion.description ? <span className="meta"> — {criterion.description}</span> : null}
            </legend>
            <div className="score-options">
              {options.map((score) => {
                const level = criterion.levels.find((l) => l.score === score);
                return (
                  <label key={score} className="score-option">
                    <input
                      type="radio"
                      name={`sa-${slug}-${criterion.key}`}
                      value={score}
                      checked={scores[criterion.key] === score}
                      onChange={() => setScores({ ...scores, [criterion.key]: score })}
                    />
                    <span>
                      {score}
                      {level ? <span className="meta"> {level.label}</span> : null}
                    </span>
                  </label>
                );
              })}
            </div>
            <div className="field">
              <label htmlFor={noteId}>{t("selfAssessment.criterionComment", { name: criterion.name })}</label>
              <textarea
                id={noteId}
                rows={2}
                maxLength={2000}
                value={notes[criterion.key] ?? ""}
                onChange={(event) => setNotes({ ...notes, [criterion.key]: event.target.value })}
              />
            </div>
          </fieldset>
        );
      })}
      <div className="field">
        <label htmlFor={`sa-${slug}-comments`}>{t("selfAssessment.comments")}</label>
        <textarea
          id={`sa-${slug}-comments`}
          rows={4}
          maxLength={10000}
          value={comments}
          onChange={(event) => setComments(event.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("selfAssessment.save")}
        </button>
        <span role="status">{saved ? t("selfAssessment.saved") : ""}</span>
      </div>
      <ErrorMessage error={save.error} />
    </form>
  );
}
