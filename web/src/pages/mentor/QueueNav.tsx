/**
 * Previous / next student of the grading queue, inside the editor (buttons, and Alt+← / Alt+→).
 * The editor opened from the queue carries `?cohort=`; `go` saves what waits before moving.
 */
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useGradingQueue, type QueueItem } from "../../queries/grading";
import { editorPath, queuePath } from "./gradingPaths";

export const PREVIOUS_KEY = "Alt+ArrowLeft";
export const NEXT_KEY = "Alt+ArrowRight";

type Props = {
  cohort: string;
  studentId: string;
  /** Move to this path (the editor saves first). */
  go: (path: string) => void;
};

export function QueueNav({ cohort, studentId, go }: Props) {
  const { t } = useTranslation();
  const queue = useGradingQueue(cohort);
  const items = queue.data?.items ?? [];
  const at = items.findIndex((i) => i.student_id === studentId);
  const prev: QueueItem | undefined = at > 0 ? items[at - 1] : undefined;
  const next: QueueItem | undefined = at >= 0 ? items[at + 1] : undefined;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const to = event.key === "ArrowRight" ? next : event.key === "ArrowLeft" ? prev : undefined;
      if (!to) return;
      event.preventDefault();
      go(editorPath(to, cohort));
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [prev, next, cohort, go]);

  if (at < 0) return null;
  return (
    <nav className="actions queue-nav" aria-label={t("grading.navLabel")} data-testid="queue-nav">
      <button
        type="button"
        className="button-secondary"
        disabled={!prev}
        aria-keyshortcuts={PREVIOUS_KEY}
        onClick={() => prev && go(editorPath(prev, cohort))}
      >
        {prev ? t("grading.previous", { student: prev.student_name ?? "" }) : t("grading.noPrevious")}
      </button>
      <span className="meta">{t("grading.position", { at: at + 1, total: items.length })}</span>
      <button
        type="button"
        className="button-secondary"
        disabled={!next}
        aria-keyshortcuts={NEXT_KEY}
        onClick={() => next && go(editorPath(next, cohort))}
      >
        {next ? t("grading.next", { student: next.student_name ?? "" }) : t("grading.noNext")}
      </button>
      <Link to={queuePath(cohort)}>{t("grading.backToQueue")}</Link>
      <span className="meta">{t("grading.shortcuts")}</span>
    </nav>
  );
}
