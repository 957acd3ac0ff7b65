import { useTranslation } from "react-i18next";

import { Field, FieldMessages, ItemActions, NumberField } from "./fields";
import { LevelRow } from "./LevelRow";
import { MAX_LEVELS, MAX_WEIGHT, type CriterionDraft, type LevelDraft } from "./model";

export interface CriterionCardProps {
  criterion: CriterionDraft;
  index: number;
  count: number;
  errors: (field: string) => string[];
  onChange: (patch: Partial<CriterionDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onAddLevel: () => void;
  onLevelChange: (levelIndex: number, patch: Partial<LevelDraft>) => void;
  onLevelMove: (levelIndex: number, by: -1 | 1) => void;
  onLevelRemove: (levelIndex: number) => void;
}

type NumberKey = "weight" | "scale_min" | "scale_max";
const NUMBERS = [
  { key: "weight", suffix: "weight", label: "admin.rubric.criterion.weight", min: 1, max: MAX_WEIGHT },
  { key: "scale_min", suffix: "min", label: "admin.rubric.criterion.lowest", min: 0, max: 9 },
  { key: "scale_max", suffix: "max", label: "admin.rubric.criterion.highest", min: 1, max: 10 },
] as const satisfies readonly { key: NumberKey; suffix: string; label: string; min: number; max: number }[];

/** One criterion as a card: its name, weight, scale and description, then its levels as rows. */
export function CriterionCard(props: CriterionCardProps) {
  const { t } = useTranslation();
  const { criterion, index, count, errors, onChange } = props;
  const id = criterion.id;
  const name = criterion.name.trim() || t("admin.rubric.criterion.fallbackName", { n: index + 1 });
  return (
    <li className="card rubric-criterion" data-testid="rubric-criterion" aria-labelledby={`${id}-heading`}>
      <div className="rubric-criterion-head">
        <h2 id={`${id}-heading`}>
          {t("admin.rubric.criterion.heading", { n: index + 1 })}
          <span className="meta">{criterion.name.trim() ? `: ${criterion.name}` : ""}</span>
        </h2>
        <ItemActions id={id} what={name} index={index} count={count} canRemove={count > 1} onMove={props.onMove} onRemove={props.onRemove} />
      </div>
      <div className="field-row">
        <Field
          id={`${id}-name`}
          label={t("admin.rubric.criterion.name")}
          className="field rubric-criterion-name"
          messages={errors(`${id}.name`)}
          render={(p) => <input {...p} value={criterion.name} maxLength={100} onChange={(e) => onChange({ name: e.target.value })} />}
        />
        {NUMBERS.map(({ key, suffix, label, min, max }) => (
          <Field
            key={key}
            id={`${id}-${suffix}`}
            label={t(label)}
            className="field rubric-number"
            messages={errors(`${id}.${key}`)}
            render={(p) => <NumberField {...p} min={min} max={max} value={criterion[key]} onValue={(value) => onChange({ [key]: value })} />}
          />
        ))}
      </div>
      <Field
        id={`${id}-description`}
        label={t("admin.rubric.criterion.description")}
        messages={errors(`${id}.description`)}
        render={(p) => (
          <textarea {...p} rows={2} value={criterion.description} maxLength={1000} onChange={(e) => onChange({ description: e.target.value })} />
        )}
      />
      <h3 id={`${id}-levels-heading`}>{t("admin.rubric.criterion.levels")}</h3>
      {criterion.levels.length === 0 ? <p className="meta">{t("admin.rubric.criterion.noLevels")}</p> : null}
      <ol className="rubric-levels" aria-labelledby={`${id}-levels-heading`}>
        {criterion.levels.map((level, levelIndex) => (
          <LevelRow
            key={level.id}
            level={level}
            index={levelIndex}
            count={criterion.levels.length}
            criterionName={criterion.name.trim()}
            errors={errors}
            onChange={(patch) => props.onLevelChange(levelIndex, patch)}
            onMove={(by) => props.onLevelMove(levelIndex, by)}
            onRemove={() => props.onLevelRemove(levelIndex)}
          />
        ))}
      </ol>
      <FieldMessages id={`${id}-levels-error`} messages={errors(`${id}.levels`)} />
      <button
        type="button"
        className="button-secondary"
        id={`${id}-add-level`}
        aria-label={t("admin.rubric.criterion.addLevelTo", { name })}
        disabled={criterion.levels.length >= MAX_LEVELS}
        onClick={props.onAddLevel}
      >
        {t("admin.rubric.criterion.addLevel")}
      </button>
    </li>
  );
}
