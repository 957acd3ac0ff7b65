import { Link, useParams } from "react-router";

import { LazyTrendChart as TrendChart } from "../../components/LazyTrendChart";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList, useStudentTrend } from "../../queries/feedback";

/** One student's feedback over time (from every mentor) and their trend per criterion. */
export function StudentTimeline() {
  const { studentId = "" } = useParams();
  const list = useFeedbackList({ student_id: studentId, sort: "-created_at", limit: 100 });
  const trend = useStudentTrend(studentId);
  const items = list.data?.items ?? [];
  const name = items.find((item) => item.student_name)?.student_name ?? "Student";
  return (
    <section aria-labelledby="timeline-title">
      <p>
        <Link to="/mentor">← My students</Link>
      </p>
      <h1 id="timeline-title">{name}: timeline</h1>
      <p className="actions">
        <Link className="button-primary" to={`/mentor/feedback/new/edit?student=${studentId}&name=${encodeURIComponent(name)}`}>
          Write feedback
        </Link>
      </p>
      {trend.data ? <TrendChart trend={trend.data} title="Scores over time" /> : null}
      <ErrorMessage error={trend.error} />
      <h2>Feedback</h2>
      <QueryView query={list} isEmpty={() => items.length === 0} empty="No feedback for this student yet.">
        {() => (
          <ol className="feedback-list timeline">
            {items.map((item) => (
              <li key={item.id}>
                <Link
                  to={feedbackPath(item.id)}
                  className="feedback-item"
                >
                  <strong>{item.title}</strong>{" "}
                  <span className={`badge ${item.state === "draft" ? "badge-warn" : "badge-good"}`}>{item.state}</span>
                  {item.edited ? <span className="badge">Edited</span> : null}
                  {item.acknowledged_at ? <span className="badge">Acknowledged</span> : null}
                  <div className="meta">
                    {item.mentor_name ?? "Mentor"} · {formatDate(item.published_at ?? item.created_at)}
                  </div>
                </Link>
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
