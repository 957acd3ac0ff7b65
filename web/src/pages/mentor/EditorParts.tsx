/** Pieces of the feedback editor: a criterion's score with the comment beside it, and the save status. */
import { useTranslation } from "react-i18next";

import type { Criterion } from "../../api/types";
import { formatTime } from "../../lib/format";
import { describeError } from "../../lib/problem";
import type { SaveState } from "./useAutosave";

export const CRITERION_COMMENT_MAX = 2000;
/** The comment bank's target name of a criterion's comment field (`data-comment-target`). */
export const criterionTarget = (key: string) => `criterion:${key}`;

type ScoreProps = {
  criterion: Criterion;
  value: number | undefined;
  comment: string;
  onChange: (score: number) => void;
  onComment: (text: string) => void;
};

export function ScoreField({ criterion, value, comment, onChange, onComment }: ScoreProps) {
  const { t } = useTranslation();
  const scores: number[] = [];
  for (let s = criterion.scale_min; s <= criterion.scale_max; s += 1) scores.push(s);
  const commentId = `comment-${criterion.key}`;
  return (
    <fieldset className="score-field">
      <legend>
        {criterion.name}
        {criterion.description ? <span className="meta"> — {criterion.description}</span> : null}
      </legend>
      <div className="score-options">
        {scores.map((score) => {
          const level = criterion.levels.find((l) => l.score === score);
          const label = level?.label;
          return (
            <label key={score} className="score-option">
              <input
                type="radio"
                name={`score-${criterion.key}`}
                value={score}
                checked={value === score}
                onChange={() => onChange(score)}
              />
              <span>
                {score}
                {label ? <span className="meta"> {label}</span> : null}
                {level?.descriptor ? <span className="meta score-descriptor"> — {level.descriptor}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      <div className="field">
        <label htmlFor={commentId}>{t("mentor.editor.criterionComment", { name: criterion.name })}</label>
        <textarea
          id={commentId}
          rows={2}
          data-comment-target={criterionTarget(criterion.key)}
          maxLength={CRITERION_COMMENT_MAX}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
      </div>
    </fieldset>
  );
}

type StatusProps = {
  state: SaveState;
  published: boolean;
  /** The title is empty: a new draft cannot be saved yet; a saved one keeps its last title. */
  noTitle: "new" | "kept" | null;
};

/** What happened to the last edits, said plainly and announced (aria-live). */
export function SaveStatus({ state, published, noTitle }: StatusProps) {
  const { t } = useTranslation();
  let text = published ? t("mentor.editor.savedOnDemand") : t("mentor.editor.savedAsYouType");
  if (state.kind === "saving") text = t("common.saving");
  if (state.kind === "saved") text = t("mentor.editor.savedAt", { time: formatTime(state.at) });
  if (state.kind === "error") text = t("mentor.editor.notSaved", { error: describeError(state.error) });
  if (noTitle === "new" && !published) text = t("mentor.editor.needsTitle");
  else if (noTitle === "kept" && !published && state.kind !== "error") text = `${text} ${t("mentor.editor.titleKept")}`;
  const problem = state.kind === "error" || (noTitle !== null && !published);
  return (
    <p className={problem ? "field-error" : "meta"} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </p>
  );
}
