import { useEffect, useRef, useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";

import type { Rubric } from "../../api/types";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";
import { t } from "../../i18n";
import { formatDate } from "../../lib/format";
import { DEFAULT_RUBRIC } from "../../queries/rubric";
import { CriterionCard } from "./rubric/CriterionCard";
import { FieldMessages, invalid } from "./rubric/fields";
import {
  MAX_CRITERIA,
  fieldElementId,
  fieldErrors,
  fingerprint,
  fromRubric,
  move,
  newCriterion,
  newLevel,
  toBody,
  type CriterionDraft,
  type LevelDraft,
  type RubricDraft,
} from "./rubric/model";
import { RubricFile, downloadRubric } from "./rubric/RubricFile";
import { RubricPreview } from "./rubric/RubricPreview";
import { NEW_RUBRIC, useRubricSource } from "./rubric/useRubricSource";
import { useUnsavedGuard } from "./rubric/useUnsavedGuard";
import "./rubric/rubric.css";

/** Where focus goes after an item moved: its own button again, or the other one at an end of the list. */
function afterMove(id: string, target: number, count: number, by: -1 | 1): string {
  if (by < 0 && target === 0) return `${id}-down`;
  if (by > 0 && target === count - 1) return `${id}-up`;
  return by < 0 ? `${id}-up` : `${id}-down`;
}

function blankRubric(): RubricDraft {
  return { name: t("admin.rubric.defaultName"), criteria: [newCriterion(0)] };
}

/** The saved keys of new criteria, so the draft matches what was saved. */
function withSavedKeys(draft: RubricDraft, saved: Rubric): RubricDraft {
  return { ...draft, criteria: draft.criteria.map((c, i) => ({ ...c, key: saved.criteria[i]?.key ?? c.key })) };
}

/**
 * The rubric editor: `/admin/rubric` edits the default rubric, `/admin/rubrics/:rubricId` one of the
 * library (`new`: a new one). Saving makes a new version; feedback keeps the version it was written with.
 */
export function RubricPage() {
  const { rubricId = DEFAULT_RUBRIC } = useParams();
  // A rubric just created keeps its editor (and its "saved" notice) at its new address.
  const created = (useLocation().state as { created?: boolean } | null)?.created === true;
  return <RubricEditor key={created ? NEW_RUBRIC : rubricId} rubricId={rubricId} />;
}

function RubricEditor({ rubricId }: { rubricId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const current = useRubricSource(rubricId);
  const save = current.save;
  const [created, setCreated] = useState<string | null>(null);
  const [draft, setDraft] = useState<RubricDraft | null>(null);
  const [baseline, setBaseline] = useState<string>("");
  const [sent, setSent] = useState<RubricDraft | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [imported, setImported] = useState<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const stayRef = useRef<HTMLButtonElement>(null);
  const missing = current.missing;

  useEffect(() => {
    if (draft) return;
    const start = current.data ? fromRubric(current.data) : missing ? blankRubric() : null;
    if (start) {
      setDraft(start);
      setBaseline(current.data ? fingerprint(start) : "");
    }
  }, [current.data, missing, draft]);

  const dirty = draft !== null && fingerprint(draft) !== baseline;
  const blocker = useUnsavedGuard(dirty && !save.isPending);

  // A new rubric, once saved, is edited at its own address.
  useEffect(() => {
    if (!created || dirty) return;
    setCreated(null);
    navigate(`/admin/rubrics/${created}`, { replace: true, state: { created: true } });
  }, [created, dirty, navigate]);

  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId, draft]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (blocker.state === "blocked") stayRef.current?.focus();
  }, [blocker.state]);

  if (current.isPending) return <Loading />;
  if (!draft) return <ErrorMessage error={current.error} />;

  const version = current.data?.version ?? 0;
  const errors = fieldErrors(save.error, sent);
  const at = (path: string) => errors.get(path) ?? [];
  const edit = (next: RubricDraft) => setDraft(next);
  const setCriteria = (criteria: CriterionDraft[]) => edit({ ...draft, criteria });
  const patchCriterion = (index: number, patch: Partial<CriterionDraft>) =>
    setCriteria(draft.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const setLevels = (index: number, levels: LevelDraft[], extra: Partial<CriterionDraft> = {}) => patchCriterion(index, { levels, ...extra });

  const addCriterion = () => {
    const criterion = newCriterion(draft.criteria.length);
    setCriteria([...draft.criteria, criterion]);
    setFocusId(`${criterion.id}-name`);
  };
  const moveCriterion = (index: number, by: -1 | 1) => {
    const criterion = draft.criteria[index];
    if (!criterion) return;
    setCriteria(move(draft.criteria, index, by));
    setFocusId(afterMove(criterion.id, index + by, draft.criteria.length, by));
  };
  const removeCriterion = (index: number) => {
    const rest = draft.criteria.filter((_, i) => i !== index);
    setCriteria(rest);
    const next = rest[Math.min(index, rest.length - 1)];
    setFocusId(next ? `${next.id}-name` : "rubric-add-criterion");
  };
  const addLevel = (index: number) => {
    const criterion = draft.criteria[index];
    if (!criterion) return;
    const level = newLevel(criterion);
    // A level above the scale widens the scale to hold it.
    setLevels(index, [...criterion.levels, level], level.score > criterion.scale_max ? { scale_max: level.score } : {});
    setFocusId(`${level.id}-label`);
  };
  const moveLevel = (index: number, levelIndex: number, by: -1 | 1) => {
    const criterion = draft.criteria[index];
    const level = criterion?.levels[levelIndex];
    if (!criterion || !level) return;
    setLevels(index, move(criterion.levels, levelIndex, by));
    setFocusId(afterMove(level.id, levelIndex + by, criterion.levels.length, by));
  };
  const removeLevel = (index: number, levelIndex: number) => {
    const criterion = draft.criteria[index];
    if (!criterion) return;
    const rest = criterion.levels.filter((_, i) => i !== levelIndex);
    setLevels(index, rest);
    const next = rest[Math.min(levelIndex, rest.length - 1)];
    setFocusId(next ? `${next.id}-label` : `${criterion.id}-add-level`);
  };

  const confirmSave = () => {
    setConfirming(false);
    setSent(draft);
    setImported(null);
    save.mutate(toBody(draft), {
      onSuccess: (saved) => {
        const next = withSavedKeys(draft, saved);
        setDraft(next);
        setBaseline(fingerprint(next));
        if (saved.created) setCreated(saved.created);
      },
      // Focus goes to the first field the service refused, where its message is.
      onError: (error) => {
        const [first] = fieldErrors(error, draft).keys();
        if (first) setFocusId(fieldElementId(first));
      },
    });
  };

  return (
    <section aria-labelledby="rubric-title" className="rubric-editor">
      <p className="rubric-back">
        <Link to="/admin/rubrics">{t("admin.rubric.library.back")}</Link>
      </p>
      <h1 id="rubric-title">{t("admin.rubric.title")}</h1>
      {current.archived ? <Notice tone="warning">{t("admin.rubric.library.archivedNotice")}</Notice> : null}
      <p className="meta">
        {current.data
          ? t("admin.rubric.versionSaved", { version: current.data.version, date: formatDate(current.data.created_at) })
          : t("admin.rubric.noneYet")}
        {t("admin.rubric.savingMakes", { version: current.next })}
      </p>
      {blocker.state === "blocked" ? (
        <div className="alert alert-warning rubric-ask" role="alertdialog" aria-labelledby="rubric-leave-title">
          <p id="rubric-leave-title">
            <Trans i18nKey="admin.rubric.unsavedTitle" components={{ strong: <strong /> }} />
          </p>
          <div className="actions">
            <button type="button" className="button-primary" ref={stayRef} onClick={() => blocker.reset()}>
              {t("admin.rubric.stay")}
            </button>
            <button type="button" className="button-danger" onClick={() => blocker.proceed()}>
              {t("admin.rubric.leave")}
            </button>
          </div>
        </div>
      ) : null}
      <RubricFile
        onExport={() => downloadRubric(toBody(draft), dirty ? null : version || null)}
        onImport={(loaded, file) => {
          setDraft(loaded);
          setImported(file);
          setSent(null);
        }}
      />
      {imported ? (
        <Notice>{t("admin.rubric.loaded", { file: imported, version: current.next })}</Notice>
      ) : null}
      <div className="rubric-layout">
        {/* noValidate: the service's 422 names each refused field, beside it, in one voice. */}
        <form
          className="rubric-form"
          aria-labelledby="rubric-title"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            setConfirming(true);
          }}
        >
          <div className="field">
            <label htmlFor="rubric-name">{t("admin.rubric.name")}</label>
            <input
              id="rubric-name"
              value={draft.name}
              maxLength={200}
              onChange={(e) => edit({ ...draft, name: e.target.value })}
              {...invalid("rubric-name-error", at("name"))}
            />
            <FieldMessages id="rubric-name-error" messages={at("name")} />
          </div>
          <ol className="rubric-criteria" aria-label={t("admin.rubric.criteria")}>
            {draft.criteria.map((criterion, index) => (
              <CriterionCard
                key={criterion.id}
                criterion={criterion}
                index={index}
                count={draft.criteria.length}
                errors={at}
                onChange={(patch) => patchCriterion(index, patch)}
                onMove={(by) => moveCriterion(index, by)}
                onRemove={() => removeCriterion(index)}
                onAddLevel={() => addLevel(index)}
                onLevelChange={(levelIndex, patch) =>
                  setLevels(
                    index,
                    criterion.levels.map((l, i) => (i === levelIndex ? { ...l, ...patch } : l)),
                  )
                }
                onLevelMove={(levelIndex, by) => moveLevel(index, levelIndex, by)}
                onLevelRemove={(levelIndex) => removeLevel(index, levelIndex)}
              />
            ))}
          </ol>
          <FieldMessages id="criteria-error" messages={at("criteria")} />
          <div className="actions">
            <button type="button" className="button-secondary" id="rubric-add-criterion" disabled={draft.criteria.length >= MAX_CRITERIA} onClick={addCriterion}>
              {t("admin.rubric.addCriterion")}
            </button>
            <button type="submit" className="button-primary" disabled={save.isPending || confirming || current.archived}>
              {save.isPending ? t("common.saving") : t("admin.rubric.saveNew")}
            </button>
            <span className="meta" role="status">
              {dirty ? t("admin.rubric.unsaved") : t("admin.rubric.noUnsaved")}
            </span>
          </div>
          {confirming ? (
            <div
              className="alert alert-info rubric-ask"
              role="alertdialog"
              aria-labelledby="rubric-confirm-title"
              onKeyDown={(event) => {
                if (event.key === "Escape") setConfirming(false);
              }}
            >
              <p id="rubric-confirm-title">{t("admin.rubric.savingMakes", { version: current.next })}</p>
              <div className="actions">
                <button type="button" className="button-primary" ref={confirmRef} onClick={confirmSave}>
                  {t("admin.rubric.saveVersion", { version: current.next })}
                </button>
                <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                  {t("admin.rubric.keepEditing")}
                </button>
              </div>
            </div>
          ) : null}
          <ErrorMessage error={save.error} />
          {save.isSuccess && !dirty ? <Notice tone="success">{t("admin.rubric.savedAs", { version: save.data.version })}</Notice> : null}
        </form>
        <RubricPreview draft={draft} />
      </div>
    </section>
  );
}
