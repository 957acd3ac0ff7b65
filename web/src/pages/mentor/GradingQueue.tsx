/**
 * The grading queue (SpeedGrader's list): my students of a cohort with their state this cycle —
 * no feedback yet, a draft, a ready draft (publishable), published — each a link into the editor,
 * which then moves to the next or previous student of this queue. Ready drafts can be selected and
 * published together: each goes through the one publish (its email, its checks), and the result
 * names every student, published or not and why.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DataTable } from "../../components/DataTable";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { describeError } from "../../lib/problem";
import { useBulkPublish, useGradingQueue, useStartFromLast, type BulkResult, type QueueItem } from "../../queries/grading";
import { editorPath } from "./gradingPaths";

const BADGE: Record<QueueItem["state"], string> = {
  none: "",
  draft: "badge-warn",
  ready: "badge-good",
  published: "",
};

function Results({ results }: { results: BulkResult[] }) {
  const { t } = useTranslation();
  const done = results.filter((r) => r.published);
  const failed = results.filter((r) => !r.published);
  return (
    <div className="card" data-testid="bulk-results">
      <p>{t("grading.resultSummary", { published: done.length, failed: failed.length })}</p>
      <ul>
        {done.map((r) => (
          <li key={r.feedback_id} data-testid="bulk-published">
            {t("grading.publishedFor", { student: r.student_name ?? t("mentor.editor.theStudent") })}
          </li>
        ))}
        {failed.map((r) => (
          <li key={r.feedback_id} className="field-error" data-testid="bulk-failed">
            {t("grading.failedFor", { student: r.student_name ?? t("mentor.editor.theStudent"), reason: r.detail ?? r.slug ?? String(r.status) })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function GradingQueue() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const cohort = params.get("cohort") ?? "";
  const queue = useGradingQueue(cohort);
  const bulk = useBulkPublish();
  const start = useStartFromLast();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [asking, setAsking] = useState(false);
  const items = queue.data?.items ?? [];
  const ready = items.filter((i) => i.state === "ready" && i.feedback_id);
  const chosen = ready.filter((i) => selected.has(i.feedback_id ?? ""));

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };

  const publish = async () => {
    setAsking(false);
    const ids = chosen.map((i) => i.feedback_id ?? "");
    try {
      await bulk.mutateAsync(ids);
    } finally {
      setSelected(new Set());
    }
  };

  const startFrom = async (item: QueueItem) => {
    const created = await start.mutateAsync(item.student_id);
    navigate(`/mentor/feedback/${created.id}/edit?cohort=${encodeURIComponent(cohort)}`);
  };

  const stateText = (item: QueueItem) => {
    if (item.state === "draft") return t("grading.states.draft", { count: item.missing.length });
    return t(`grading.states.${item.state}`);
  };

  return (
    <section aria-labelledby="grading-title">
      <p>
        <Link to="/mentor">{t("mentor.editor.back")}</Link>
      </p>
      <h1 id="grading-title">{t("grading.title")}</h1>
      <p className="meta">{queue.data ? t("grading.since", { date: formatDate(queue.data.since) }) : null}</p>
      <div className="field">
        <label htmlFor="grading-cohort">{t("grading.cohort")}</label>
        <select
          id="grading-cohort"
          value={cohort}
          onChange={(e) => {
            setSelected(new Set());
            setParams(e.target.value ? { cohort: e.target.value } : {});
          }}
        >
          <option value="">{t("grading.allCohorts")}</option>
          {(queue.data?.cohorts ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={chosen.length === 0 || bulk.isPending}
          onClick={() => setAsking(true)}
          data-testid="bulk-publish"
        >
          {t("grading.publishSelected", { count: chosen.length })}
        </button>
        <button
          type="button"
          className="button-secondary"
          disabled={ready.length === 0}
          onClick={() => setSelected(new Set(ready.map((i) => i.feedback_id ?? "")))}
        >
          {t("grading.selectReady", { count: ready.length })}
        </button>
      </div>
      <p role="status" aria-live="polite" className="meta" data-testid="bulk-status">
        {bulk.isPending ? t("grading.publishing", { count: bulk.variables?.length ?? 0 }) : ""}
      </p>
      {bulk.isError ? <p className="field-error">{describeError(bulk.error)}</p> : null}
      {start.isError ? <p className="field-error">{describeError(start.error)}</p> : null}
      {bulk.data ? <Results results={bulk.data.results} /> : null}
      <QueryView query={queue} isEmpty={() => items.length === 0} empty={t("grading.empty")}>
        {() => (
          <DataTable<QueueItem>
            rows={items}
            rowKey={(item) => item.student_id}
            rowTestId="queue-row"
            caption={t("grading.title")}
            columns={[
              {
                header: t("mentor.home.student"),
                rowHeader: true,
                cell: (item) => (
                  <>
                    <Link to={editorPath(item, cohort)}>{item.student_name ?? item.student_id}</Link>
                    {item.cohort ? <div className="meta">{item.cohort}</div> : null}
                  </>
                ),
              },
              {
                header: t("grading.state"),
                cell: (item) => (
                  <>
                    <span className={`badge ${BADGE[item.state]}`} data-testid="queue-state">
                      {stateText(item)}
                    </span>
                    {item.title ? <div className="meta">{item.title}</div> : null}
                  </>
                ),
              },
              {
                header: t("grading.select"),
                cell: (item) =>
                  item.state === "ready" && item.feedback_id ? (
                    <input
                      type="checkbox"
                      checked={selected.has(item.feedback_id)}
                      onChange={() => toggle(item.feedback_id ?? "")}
                      aria-label={t("grading.selectFor", { student: item.student_name ?? "" })}
                    />
                  ) : (
                    "—"
                  ),
              },
              {
                header: t("common.actions"),
                hideHeader: true,
                cell: (item) =>
                  (item.state === "none" || item.state === "published") && item.last_published_id ? (
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={start.isPending}
                      onClick={() => void startFrom(item).catch(() => undefined)}
                      aria-label={t("grading.startFromLastFor", { student: item.student_name ?? "" })}
                    >
                      {t("grading.startFromLast")}
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
      <ConfirmDialog
        open={asking}
        tone="primary"
        title={t("grading.confirmTitle", { count: chosen.length })}
        body={
          <>
            <p>{t("grading.confirmBody", { count: chosen.length })}</p>
            <ul>
              {chosen.map((i) => (
                <li key={i.student_id}>{i.student_name ?? i.student_id}</li>
              ))}
            </ul>
          </>
        }
        confirmLabel={t("grading.confirmPublish", { count: chosen.length })}
        onConfirm={() => void publish().catch(() => undefined)}
        onCancel={() => setAsking(false)}
      />
    </section>
  );
}
