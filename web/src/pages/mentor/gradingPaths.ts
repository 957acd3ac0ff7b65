import type { QueueItem } from "../../queries/grading";

/** The editor for a queue row: its draft, or a new draft for its student; `cohort` keeps the queue. */
export function editorPath(item: QueueItem, cohort: string): string {
  const queue = `cohort=${encodeURIComponent(cohort)}`;
  if ((item.state === "draft" || item.state === "ready") && item.feedback_id) {
    return `/mentor/feedback/${item.feedback_id}/edit?${queue}`;
  }
  const name = encodeURIComponent(item.student_name ?? "");
  return `/mentor/feedback/new/edit?student=${item.student_id}&name=${name}&${queue}`;
}

export const QUEUE_PATH = "/mentor/grading";

export function queuePath(cohort: string): string {
  return cohort ? `${QUEUE_PATH}?cohort=${encodeURIComponent(cohort)}` : QUEUE_PATH;
}
