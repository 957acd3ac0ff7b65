import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { CriterionDraft, RubricDraft } from "./model";

function scoresOf(criterion: CriterionDraft): number[] {
  const out: number[] = [];
  for (let s = criterion.scale_min; s <= criterion.scale_max && out.length <= 10; s += 1) out.push(s);
  return out;
}

function levelAt(criterion: CriterionDraft, score: number) {
  return criterion.levels.find((level) => level.score === score);
}

/** The mentor's score field for one criterion, as the feedback editor shows it (not clickable here). */
function MentorCriterion({ criterion }: { criterion: CriterionDraft }) {
  const { t } = useTranslation();
  return (
    <fieldset className="score-field">
      <legend>
        {criterion.name || t("admin.rubric.preview.noName")}
        {criterion.description ? <span className="meta"> — {criterion.description}</span> : null}
      </legend>
      <ul className="rubric-preview-options">
        {scoresOf(criterion).map((score) => {
          const level = levelAt(criterion, score);
          return (
            <li key={score}>
              <strong>{score}</strong>
              {level?.label ? <span> {level.label}</span> : null}
              {level?.descriptor ? <span className="meta rubric-preview-descriptor"> — {level.descriptor}</span> : null}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** A student's view of a published feedback scored at the top of each scale. */
function StudentCriterion({ criterion }: { criterion: CriterionDraft }) {
  const { t } = useTranslation();
  const level = levelAt(criterion, criterion.scale_max);
  return (
    <li className="score">
      <div className="label">{criterion.name || t("admin.rubric.preview.noName")}</div>
      <div className="score-value">
        {criterion.scale_max}
        <span className="meta"> / {criterion.scale_max}</span>
      </div>
      {level?.label ? <div className="meta">{level.label}</div> : null}
    </li>
  );
}

/** The rubric being edited as a mentor will score with it and a student will read it, updated as you type. */
export function RubricPreview({ draft }: { draft: RubricDraft }) {
  const { t } = useTranslation();
  const [as, setAs] = useState<"mentor" | "student">("mentor");
  return (
    <section className="card rubric-preview" aria-labelledby="rubric-preview-title">
      <h2 id="rubric-preview-title">{t("admin.rubric.preview.title")}</h2>
      <div className="rubric-preview-switch" role="group" aria-label={t("admin.rubric.preview.as")}>
        <button type="button" className="button-secondary" aria-pressed={as === "mentor"} onClick={() => setAs("mentor")}>
          {t("admin.rubric.preview.mentor")}
        </button>
        <button type="button" className="button-secondary" aria-pressed={as === "student"} onClick={() => setAs("student")}>
          {t("admin.rubric.preview.student")}
        </button>
      </div>
      <h3>{draft.name || t("admin.rubric.preview.noName")}</h3>
      {as === "mentor" ? (
        <div data-testid="preview-mentor">
          {draft.criteria.map((criterion) => (
            <MentorCriterion key={criterion.id} criterion={criterion} />
          ))}
        </div>
      ) : (
        <ul className="scores" aria-label={t("admin.rubric.preview.scores")} data-testid="preview-student">
          {draft.criteria.map((criterion) => (
            <StudentCriterion key={criterion.id} criterion={criterion} />
          ))}
        </ul>
      )}
    </section>
  );
}
