import { useQuery } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../../api/client";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { formatDateTime } from "../../lib/format";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Every edit of a published feedback: who, when, and what it said before. Staff only. */
export function FeedbackHistory({ id }: { id: string }) {
  const query = useQuery({
    queryKey: ["feedback-history", id],
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/feedback/{feedback_id}/history", { params: { path: { feedback_id: id } } })),
  });
  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">Edit history</h2>
      {query.isPending ? <Loading /> : null}
      <ErrorMessage error={query.error} />
      {query.data && query.data.revisions.length === 0 ? <Empty>Not edited since it was published.</Empty> : null}
      {query.data && query.data.revisions.length > 0 ? (
        <ol className="history">
          {query.data.revisions.map((revision) => (
            <li key={revision.id}>
              <p className="meta">
                {formatDateTime(revision.edited_at)} by {revision.editor_name ?? "someone"}
              </p>
              <ul>
                {Object.entries(revision.changes).map(([field, change]) => (
                  <li key={field}>
                    <strong>{field}</strong>: <del>{show(change.before)}</del> → <ins>{show(change.after)}</ins>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
