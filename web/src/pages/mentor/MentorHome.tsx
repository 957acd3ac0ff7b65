import { Link } from "react-router";

import { DataTable } from "../../components/DataTable";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useAssignments } from "../../queries/assignments";
import { useFeedbackList } from "../../queries/feedback";

interface StudentRow {
  id: string;
  name: string;
  email: string;
  cohorts: string[];
}

/** My students with their last feedback, and my drafts. */
export function MentorHome() {
  const assignments = useAssignments();
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
  const students = new Map<string, StudentRow>();
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
      <QueryView
        query={assignments}
        loadingLabel="Loading your students…"
        isEmpty={() => rows.length === 0}
        empty="No students are assigned to you yet. An admin assigns them."
      >
        {() => (
          <DataTable<StudentRow>
            rows={rows}
            rowKey={(student) => student.id}
            rowTestId="student-row"
            columns={[
              {
                header: "Student",
                rowHeader: true,
                cell: (student) => (
                  <>
                    <Link to={`/mentor/students/${student.id}`}>{student.name}</Link>
                    <div className="meta">{student.email}</div>
                  </>
                ),
              },
              { header: "Cohort", cell: (student) => student.cohorts.join(", ") || "—" },
              {
                header: "Last feedback",
                cell: (student) =>
                  feedback.isPending ? "…" : last.has(student.id) ? formatDate(last.get(student.id)) : "None yet",
              },
              {
                header: "Actions",
                hideHeader: true,
                cell: (student) => (
                  <Link
                    className="button-secondary"
                    to={`/mentor/feedback/new/edit?student=${student.id}&name=${encodeURIComponent(student.name)}`}
                    aria-label={`Write feedback for ${student.name}`}
                  >
                    Write feedback
                  </Link>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <h2>My drafts</h2>
      <QueryView query={feedback} isEmpty={() => drafts.length === 0} empty="No drafts. Drafts are saved as you type.">
        {() => (
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
        )}
      </QueryView>
    </section>
  );
}
