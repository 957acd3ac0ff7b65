import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import type { Criterion, FeedbackItem } from "../../api/types";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";
import { t } from "../../i18n";
import { formatDate, formatTime } from "../../lib/format";
import { describeError } from "../../lib/problem";
import { feedbackPath } from "../feedback/paths";
import { useCurrentRubric, useFeedback, useRubricVersion } from "../../queries/feedback";
import { keys } from "../../queries/keys";
import { CommentBank } from "./CommentBank";
import { useAutosave, type SaveState } from "./useAutosave";

interface Draft {
  title: string;
  scores: Record<string, number>;
  overall_rating: number | null;
  strengths: string;
  improvements: string;
  comments: string;
}

function fromFeedback(item: FeedbackItem): Draft {
  return {
    title: item.title,
    scores: { ...item.scores },
    overall_rating: item.overall_rating,
    strengths: item.strengths,
    improvements: item.improvements,
    comments: item.comments,
  };
}

function emptyDraft(): Draft {
  const week = formatDate(new Date().toISOString());
  return { title: t("mentor.editor.defaultTitle", { date: week }), scores: {}, overall_rating: null, strengths: "", improvements: "", comments: "" };
}

function SaveStatus({ state, published }: { state: SaveState; published: boolean }) {
  const { t } = useTranslation();
  let text = published ? t("mentor.editor.savedOnDemand") : t("mentor.editor.savedAsYouType");
  if (state.kind === "saving") text = t("common.saving");
  if (state.kind === "saved") text = t("mentor.editor.savedAt", { time: formatTime(state.at) });
  if (state.kind === "error") text = t("mentor.editor.notSaved", { error: describeError(state.error) });
  return (
    <p className={state.kind === "error" ? "field-error" : "meta"} role="status" aria-live="polite" data-testid="save-status">
      {text}
    </p>
  );
}

function ScoreField({ criterion, value, onChange }: { criterion: Criterion; value: number | undefined; onChange: (score: number) => void }) {
  const scores: number[] = [];
  for (let s = criterion.scale_min; s <= criterion.scale_max; s += 1) scores.push(s);
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
    </fieldset>
  );
}

/** Write or edit feedback against the rubric. Drafts save as you type; published feedback saves on demand. */
export function FeedbackEditor() {
  const { t } = useTranslation();
  const { id = "new" } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const studentId = params.get("student") ?? "";
  const createdId = useRef<string | null>(id === "new" ? null : id);
  const [draft, setDraft] = useState<Draft | null>(id === "new" ? emptyDraft() : null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const existing = useFeedback(id, { enabled: id !== "new" });
  const current = useCurrentRubric();
  const pinned = useRubricVersion(existing.data?.rubric_version);
  const rubric = id === "new" ? current.data : pinned.data;
  const published = existing.data ? existing.data.state !== "draft" : false;

  useEffect(() => {
    if (existing.data && draft === null) setDraft(fromFeedback(existing.data));
  }, [existing.data, draft]);

  const autosave = useAutosave<Draft>(async (value) => {
    if (!createdId.current) {
      const created = await unwrap(
        feedbackApi.POST("/v1/feedback", {
          body: { student_id: studentId, ...value, overall_rating: value.overall_rating ?? undefined },
        }),
      );
      createdId.current = created.id;
      client.setQueryData(keys.feedback.one(created.id), created);
      navigate(`/mentor/feedback/${created.id}/edit`, { replace: true });
    } else {
      const saved = await unwrap(
        feedbackApi.PATCH("/v1/feedback/{feedback_id}", {
          params: { path: { feedback_id: createdId.current } },
          body: value,
        }),
      );
      client.setQueryData(keys.feedback.one(saved.id), saved);
    }
    void client.invalidateQueries({ queryKey: keys.feedback.lists });
  });

  if (id !== "new" && existing.isPending) return <Loading />;
  if (existing.isError) return <ErrorMessage error={existing.error} title={t("feedbackPage.loadFailed")} />;
  if (id === "new" && !studentId) return <Notice tone="warning">{t("mentor.editor.chooseStudent")}</Notice>;
  if (!draft) return <Loading />;

  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (!published && next.title.trim()) autosave.change(next);
  };

  const saveAndPublish = async () => {
    setBusy(true);
    setActionError(null);
    try {
      if (!createdId.current) autosave.change(draft);
      await autosave.flush();
      const feedbackId = createdId.current;
      if (!feedbackId) throw new Error(t("mentor.editor.draftNotSaved"));
      await unwrap(feedbackApi.POST("/v1/feedback/{feedback_id}/publish", { params: { path: { feedback_id: feedbackId } } }));
      void client.invalidateQueries();
      navigate(feedbackPath(feedbackId), { replace: true });
    } catch (error) {
      setActionError(error);
      setBusy(false);
    }
  };

  const saveChanges = async (event: FormEvent) => {
    event.preventDefault();
    if (!published) {
      void saveAndPublish();
      return;
    }
    setBusy(true);
    setActionError(null);
    try {
      await unwrap(
        feedbackApi.PATCH("/v1/feedback/{feedback_id}", { params: { path: { feedback_id: id } }, body: draft }),
      );
      void client.invalidateQueries();
      navigate(feedbackPath(id), { replace: true });
    } catch (error) {
      setActionError(error);
      setBusy(false);
    }
  };

  const studentName = existing.data?.student_name ?? params.get("name") ?? t("mentor.editor.theStudent");
  return (
    <section aria-labelledby="editor-title">
      <p>
        <Link to="/mentor">{t("mentor.editor.back")}</Link>
      </p>
      <h1 id="editor-title">{published ? t("mentor.editor.titleEdit") : t("mentor.editor.titleWrite")}</h1>
      <p className="meta">
        {t("mentor.editor.for", { student: studentName })}
        {rubric ? t("mentor.editor.rubric", { name: rubric.name, version: rubric.version }) : null}
      </p>
      {published ? (
        <Notice tone="info">{t("mentor.editor.publishedNotice")}</Notice>
      ) : null}
      <form onSubmit={(event) => void saveChanges(event)} className="card">
        <div className="field">
          <label htmlFor="title">{t("mentor.editor.title")}</label>
          <input id="title" required maxLength={200} value={draft.title} onChange={(e) => update({ title: e.target.value })} />
        </div>
        {rubric ? (
          rubric.criteria.map((criterion) => (
            <ScoreField
              key={criterion.key}
              criterion={criterion}
              value={draft.scores[criterion.key]}
              onChange={(score) => update({ scores: { ...draft.scores, [criterion.key]: score } })}
            />
          ))
        ) : (
          <Loading label={t("mentor.editor.loadingRubric")} />
        )}
        <div className="field">
          <label htmlFor="overall">{t("mentor.editor.overall")}</label>
          <select
            id="overall"
            value={draft.overall_rating ?? ""}
            onChange={(e) => update({ overall_rating: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t("mentor.editor.noOverall")}</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {t("mentor.editor.outOf", { n })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="strengths">{t("feedback.strengths")}</label>
          <textarea id="strengths" data-comment-target="strengths" maxLength={10000} value={draft.strengths} onChange={(e) => update({ strengths: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="improvements">{t("feedback.improvements")}</label>
          <textarea id="improvements" data-comment-target="improvements" maxLength={10000} value={draft.improvements} onChange={(e) => update({ improvements: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="comments">{t("feedback.comments")}</label>
          <textarea id="comments" data-comment-target="comments" maxLength={10000} value={draft.comments} onChange={(e) => update({ comments: e.target.value })} />
        </div>
        <SaveStatus state={autosave.state} published={published} />
        <ErrorMessage error={actionError} />
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || !draft.title.trim()}>
            {published
              ? busy
                ? t("common.saving")
                : t("mentor.editor.saveChanges")
              : busy
                ? t("mentor.editor.publishing")
                : t("mentor.editor.publish")}
          </button>
          {!published ? <span className="meta">{t("mentor.editor.publishHint")}</span> : null}
        </div>
      </form>
      <CommentBank onInsert={(field, value) => update({ [field]: value } as Partial<Draft>)} />
    </section>
  );
}
