import { useTranslation } from "react-i18next";

import { Field, ItemActions, NumberField } from "./fields";
import type { LevelDraft } from "./model";

export interface LevelRowProps {
  level: LevelDraft;
  index: number;
  count: number;
  /** The criterion's name, so each button says which level of which criterion it acts on. */
  criterionName: string;
  errors: (field: string) => string[];
  onChange: (patch: Partial<LevelDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

/** One level of a criterion: its score, label and descriptor, each its own field. */
export function LevelRow({ level, index, count, criterionName, errors, onChange, onMove, onRemove }: LevelRowProps) {
  const { t } = useTranslation();
  const id = level.id;
  return (
    <li className="rubric-level" data-testid="rubric-level">
      <Field
        id={`${id}-score`}
        label={t("admin.rubric.level.score")}
        className="field rubric-level-score"
        messages={errors(`${id}.score`)}
        render={(props) => <NumberField {...props} min={0} max={10} value={level.score} onValue={(score) => onChange({ score })} />}
      />
      <Field
        id={`${id}-label`}
        label={t("admin.rubric.level.label")}
        className="field rubric-level-label"
        messages={errors(`${id}.label`)}
        render={(props) => <input {...props} value={level.label} maxLength={100} onChange={(e) => onChange({ label: e.target.value })} />}
      />
      <Field
        id={`${id}-descriptor`}
        label={t("admin.rubric.level.descriptor")}
        className="field rubric-level-descriptor"
        messages={errors(`${id}.descriptor`)}
        render={(props) => (
          <textarea {...props} rows={2} value={level.descriptor} maxLength={500} onChange={(e) => onChange({ descriptor: e.target.value })} />
        )}
      />
      <ItemActions id={id} what={t("admin.rubric.level.what", { n: index + 1, criterion: criterionName || t("admin.rubric.level.thisCriterion") })} index={index} count={count} onMove={onMove} onRemove={onRemove} />
    </li>
  );
}
