import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList } from "../feedback/queries";

/** My students with their last feedback, and my drafts. */
export function MentorHome() {
  const assignments = useQuery({
    queryKey: ["assignments", "mine"],
    queryFn: () => unwrap(feedbackApi.GET("/v1/assignments")),
  });
  const feedback = useFeedbackList({ sort: "-created_at", limit: 200 });
  const items = feedback.data?.items ?? [];
  const drafts = items.filter((item) => item.state === "draft");
  const last = new Map<string, string>();
  for (const item of items) {
    if (item.state === "draft") continue;
    const when = item.published_at ?? item.created_at;
    const seen = last.get(item.student_id);
    if (!seen || seen < when) last.set(item.student_id, when);
  }
  const students = new Map<string, { id: string; name: string; email: string; cohorts: string[] }>();
  for (const a of assignments.data?.items ?? []) {
    const entry = students.get(a.student.id) ?? {
      id: a.student.id,
      name: a.student.name ?? a.student.email ?? a.student.id,
      email: a.student.email ?? "",
      cohorts: [],
    };
    if (a.cohort && !entry.cohorts.includes(a.cohort)) entry.cohorts.push(a.cohort);
    students.set(a.student.id, entry);
  }
  const rows = [...students.values()].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="mentor-title">
      <h1 id="mentor-title">My students</h1>
      {assignments.isPending ? <Loading label="Loading your students…" /> : null}
      <ErrorMessage error={assignments.error} />
      {assignments.data && rows.length === 0 ? <Empty>No students are assigned to you yet. An admin assigns them.</Empty> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Cohort</th>
                <th scope="col">Last feedback</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((student) => (
                <tr key={student.id} data-testid="student-row">
                  <th scope="row">
                    <Link to={`/mentor/students/${student.id}`}>{student.name}</Link>
                    <div className="meta">{student.email}</div>
                  </th>
                  <td>{student.cohorts.join(", ") || "—"}</td>
                  <td>{feedback.isPending ? "…" : last.has(student.id) ? formatDate(last.get(student.id)) : "None yet"}</td>
                  <td>
                    <Link
                      className="button-secondary"
                      to={`/mentor/feedback/new/edit?student=${student.id}&name=${encodeURIComponent(student.name)}`}
                      aria-label={`Write feedback for ${student.name}`}
                    >
                      Write feedback
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>My drafts</h2>
      <ErrorMessage error={feedback.error} />
      {feedback.data && drafts.length === 0 ? <Empty>No drafts. Drafts are saved as you type.</Empty> : null}
      {drafts.length > 0 ? (
        <ul className="feedback-list">
          {drafts.map((item) => (
            <li key={item.id}>
              <Link to={feedbackPath(item.id)} className="feedback-item" data-testid="draft-item">
                <strong>{item.title}</strong> <span className="badge badge-warn">Draft</span>
                <div className="meta">
                  {item.student_name ?? "Student"} · last saved {formatDate(item.updated_at)}
                </div>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
