import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { useFeedbackHistory } from "../../queries/feedback";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** Every edit of a published feedback: who, when, and what it said before. Staff only. */
export function FeedbackHistory({ id }: { id: string }) {
  const query = useFeedbackHistory(id);
  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">Edit history</h2>
      <QueryView
        query={query}
        isEmpty={(data) => data.revisions.length === 0}
        empty="Not edited since it was published."
      >
        {(data) => (
          <ol className="history">
            {data.revisions.map((revision) => (
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
        )}
      </QueryView>
    </section>
  );
}
