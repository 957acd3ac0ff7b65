import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useBlocker, useLocation, useNavigate, useParams, useSearchParams } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import type { FeedbackItem } from "../../api/types";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";
import { t } from "../../i18n";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useFeedback, useRubricVersion } from "../../queries/feedback";
import { useStartFromLast } from "../../queries/grading";
import { keys } from "../../queries/keys";
import { useRubricForStudent } from "../../queries/rubric";
import { CommentBank } from "./CommentBank";
import { SaveStatus, ScoreField } from "./EditorParts";
import { queuePath } from "./gradingPaths";
import { QueueNav } from "./QueueNav";
import { ReleaseControls } from "./ReleaseControls";
import { SelfAssessmentPanel } from "./SelfAssessmentPanel";
import { useAutosave } from "./useAutosave";

interface Draft {
  title: string;
  scores: Record<string, number>;
  criterion_comments: Record<string, string>;
  overall_rating: number | null;
  strengths: string;
  improvements: string;
  comments: string;
}

function fromFeedback(item: FeedbackItem): Draft {
  return {
    title: item.title,
    scores: { ...item.scores },
    criterion_comments: { ...(item.criterion_comments ?? {}) },
    overall_rating: item.overall_rating,
    strengths: item.strengths,
    improvements: item.improvements,
    comments: item.comments,
  };
}

function emptyDraft(): Draft {
  const week = formatDate(new Date().toISOString());
  return { title: t("mentor.editor.defaultTitle", { date: week }), scores: {}, criterion_comments: {}, overall_rating: null, strengths: "", improvements: "", comments: "" };
}

/** What a save sends: an empty title is left out (a draft keeps its last one). */
function body(value: Draft) {
  const { title, ...rest } = value;
  return title.trim() ? { ...rest, title } : rest;
}

const CRITERION = "criterion:";

/**
 * The editor, remounted per feedback (moving to the next student is a new editor), but not when a
 * new draft gets its id (the navigation carries the same `editorKey`).
 */
export function FeedbackEditor() {
  const { id = "new" } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const state = location.state as { editorKey?: string } | null;
  const key = state?.editorKey ?? (id === "new" ? `new:${params.get("student") ?? ""}` : id);
  return <Editor key={key} editorKey={key} />;
}

/** Write or edit feedback against the rubric. Drafts save as you type; published feedback saves on demand. */
function Editor({ editorKey }: { editorKey: string }) {
  const { t } = useTranslation();
  const { id = "new" } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const cohort = params.get("cohort");
  const queueQuery = cohort === null ? "" : `?cohort=${encodeURIComponent(cohort)}`;
  const createdId = useRef<string | null>(id === "new" ? null : id);
  const createdHere = useRef(false);
  const [draft, setDraft] = useState<Draft | null>(id === "new" ? emptyDraft() : null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const [changed, setChanged] = useState(false);
  const leaving = useRef(false);
  const startFromLast = useStartFromLast();

  const existing = useFeedback(id, { enabled: id !== "new" });
  const studentId = existing.data?.student_id ?? params.get("student") ?? "";
  // New feedback is written with the rubric of the student's cohort (the default one otherwise).
  const current = useRubricForStudent(studentId || undefined);
  const pinned = useRubricVersion(existing.data?.rubric_version);
  // A draft created here was written against the current rubric: no gap while its version loads.
  const rubric = pinned.data ?? (id === "new" || createdHere.current ? current.data : undefined);
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
      createdHere.current = true;
      client.setQueryData(keys.feedback.one(created.id), created);
      navigate(`/mentor/feedback/${created.id}/edit${queueQuery}`, { replace: true, state: { editorKey } });
    } else {
      const saved = await unwrap(
        feedbackApi.PATCH("/v1/feedback/{feedback_id}", {
          params: { path: { feedback_id: createdId.current } },
          body: body(value),
        }),
      );
      client.setQueryData(keys.feedback.one(saved.id), saved);
    }
    void client.invalidateQueries({ queryKey: keys.feedback.lists });
  });

  const noTitle = draft && !draft.title.trim() ? (createdId.current ? "kept" : "new") : null;
  const unsaved = () => !leaving.current && (published ? changed : autosave.isDirty() || noTitle === "new");
  // A new draft's move to its own address (once saved) is no leaving.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      unsaved() &&
      currentLocation.pathname !== nextLocation.pathname &&
      nextLocation.pathname !== `/mentor/feedback/${createdId.current ?? "new"}/edit`,
  );
  useEffect(() => {
    const ask = (event: BeforeUnloadEvent) => {
      if (!unsaved()) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  });

  /** Save what waits, then go (to the next student, say); if the save fails, stay and say so. */
  const go = useCallback(
    (path: string) => {
      void (async () => {
        if (!published && draft && (createdId.current || draft.title.trim())) {
          try {
            await autosave.flush();
          } catch {
            return;
          }
        }
        navigate(path);
      })();
    },
    [autosave, draft, navigate, published],
  );

  if (id !== "new" && existing.isPending) return <Loading />;
  if (existing.isError) return <ErrorMessage error={existing.error} title={t("feedbackPage.loadFailed")} />;
  if (id === "new" && !studentId) return <Notice tone="warning">{t("mentor.editor.chooseStudent")}</Notice>;
  if (!draft) return <Loading />;

  const update = (patch: Partial<Draft>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    setChanged(true);
    if (!published && (next.title.trim() || createdId.current)) autosave.change(next);
  };

  const insertComment = (field: string, value: string) => {
    if (field.startsWith(CRITERION)) {
      update({ criterion_comments: { ...draft.criterion_comments, [field.slice(CRITERION.length)]: value } });
    } else {
      update({ [field]: value } as Partial<Draft>);
    }
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
      leaving.current = true;
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
        feedbackApi.PATCH("/v1/feedback/{feedback_id}", { params: { path: { feedback_id: id } }, body: body(draft) }),
      );
      void client.invalidateQueries();
      leaving.current = true;
      navigate(feedbackPath(id), { replace: true });
    } catch (error) {
      setActionError(error);
      setBusy(false);
    }
  };

  const discard = async () => {
    setDiscarding(false);
    setActionError(null);
    autosave.cancel();
    try {
      if (createdId.current) {
        await unwrap(feedbackApi.DELETE("/v1/feedback/{feedback_id}", { params: { path: { feedback_id: createdId.current } } }));
      }
      void client.invalidateQueries({ queryKey: keys.feedback.lists });
      leaving.current = true;
      navigate(cohort === null ? "/mentor" : queuePath(cohort), { replace: true });
    } catch (error) {
      setActionError(error);
    }
  };

  const startFromMine = async () => {
    setActionError(null);
    try {
      const created = await startFromLast.mutateAsync(studentId);
      autosave.cancel();
      leaving.current = true;
      navigate(`/mentor/feedback/${created.id}/edit${queueQuery}`, { replace: true });
    } catch (error) {
      setActionError(error);
    }
  };

  const studentName = existing.data?.student_name ?? params.get("name") ?? t("mentor.editor.theStudent");
  return (
    <section aria-labelledby="editor-title">
      <p>
        <Link to={cohort === null ? "/mentor" : queuePath(cohort)}>{cohort === null ? t("mentor.editor.back") : t("grading.backToQueue")}</Link>
      </p>
      <h1 id="editor-title">{published ? t("mentor.editor.titleEdit") : t("mentor.editor.titleWrite")}</h1>
      <p className="meta">
        {t("mentor.editor.for", { student: studentName })}
        {rubric ? t("mentor.editor.rubric", { name: rubric.name, version: rubric.version }) : null}
      </p>
      {cohort !== null && studentId ? <QueueNav cohort={cohort} studentId={studentId} go={go} /> : null}
      {published ? (
        <Notice tone="info">{t("mentor.editor.publishedNotice")}</Notice>
      ) : null}
      {!published && !createdId.current ? (
        <p>
          <button type="button" className="button-secondary" disabled={startFromLast.isPending} onClick={() => void startFromMine()}>
            {t("grading.startFromLast")}
          </button>
        </p>
      ) : null}
      <SelfAssessmentPanel feedbackId={createdId.current} studentId={studentId} />
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
              comment={draft.criterion_comments[criterion.key] ?? ""}
              onChange={(score) => update({ scores: { ...draft.scores, [criterion.key]: score } })}
              onComment={(text) => update({ criterion_comments: { ...draft.criterion_comments, [criterion.key]: text } })}
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
        <SaveStatus state={autosave.state} published={published} noTitle={noTitle} />
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
          {!published ? (
            <button type="button" className="button-danger" onClick={() => setDiscarding(true)}>
              {t("mentor.editor.discard")}
            </button>
          ) : null}
        </div>
      </form>
      {!published ? <ReleaseControls feedbackId={createdId.current} flush={autosave.flush} /> : null}
      <CommentBank onInsert={insertComment} />
      <ConfirmDialog
        open={discarding}
        title={t("mentor.editor.discardTitle")}
        body={t("mentor.editor.discardBody", { student: studentName })}
        confirmLabel={t("mentor.editor.discardConfirm")}
        onConfirm={() => void discard()}
        onCancel={() => setDiscarding(false)}
      />
      <ConfirmDialog
        open={blocker.state === "blocked"}
        title={t("mentor.editor.leaveTitle")}
        body={noTitle === "new" ? t("mentor.editor.leaveNoTitle") : t("mentor.editor.leaveBody")}
        confirmLabel={t("mentor.editor.leaveConfirm")}
        cancelLabel={t("mentor.editor.stay")}
        onConfirm={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      />
    </section>
  );
}
