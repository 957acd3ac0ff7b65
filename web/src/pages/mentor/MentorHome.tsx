import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { DataTable } from "../../components/DataTable";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { useAssignments } from "../../queries/assignments";
import { useFeedbackList } from "../../queries/feedback";
import { useAttention } from "../../queries/requests";

interface StudentRow {
  id: string;
  name: string;
  email: string;
  cohorts: string[];
}

/** What waits for me: threads the student wrote in last, feedback unacknowledged after N days,
 * open requests; a short list of links, at the top of my home page. */
function NeedsAttention() {
  const { t } = useTranslation();
  const attention = useAttention();
  const data = attention.data;
  const rows = data
    ? [
        ...data.open_requests.map((r) => ({
          key: `r-${r.id}`,
          to: "/mentor/requests",
          text: t("attention.request", { title: r.title, student: r.student_name ?? "" }),
        })),
        ...data.unread_threads.map((f) => ({
          key: `m-${f.feedback_id}`,
          to: feedbackPath(f.feedback_id),
          text: t("attention.message", { title: f.title, student: f.student_name ?? "" }),
        })),
        ...data.unacknowledged.map((f) => ({
          key: `u-${f.feedback_id}`,
          to: feedbackPath(f.feedback_id),
          text: t("attention.unacknowledged", { title: f.title, count: data.unacknowledged_days }),
        })),
      ]
    : [];
  if (!data || rows.length === 0) return null;
  return (
    <aside aria-labelledby="attention-title" className="attention" data-testid="needs-attention">
      <h2 id="attention-title">{t("attention.title")}</h2>
      <ul>
        {rows.slice(0, 10).map((row) => (
          <li key={row.key} data-testid="attention-item">
            <Link to={row.to}>{row.text}</Link>
          </li>
        ))}
      </ul>
      {rows.length > 10 ? <p className="meta">{t("attention.more", { count: rows.length - 10 })}</p> : null}
      <p>
        <Link to="/mentor/requests">{t("attention.allRequests")}</Link>
      </p>
    </aside>
  );
}

/** My students with their last feedback, and my drafts. */
export function MentorHome() {
  const { t } = useTranslation();
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
      <h1 id="mentor-title">{t("mentor.home.title")}</h1>
      <p>
        <Link to="/mentor/grading" className="button-secondary">
          {t("grading.open")}
        </Link>
      </p>
      <NeedsAttention />
      <QueryView
        query={assignments}
        loadingLabel={t("mentor.home.loading")}
        isEmpty={() => rows.length === 0}
        empty={t("mentor.home.none")}
      >
        {() => (
          <DataTable<StudentRow>
            rows={rows}
            rowKey={(student) => student.id}
            rowTestId="student-row"
            columns={[
              {
                header: t("mentor.home.student"),
                rowHeader: true,
                cell: (student) => (
                  <>
                    <Link to={`/mentor/students/${student.id}`}>{student.name}</Link>
                    <div className="meta">{student.email}</div>
                  </>
                ),
              },
              { header: t("mentor.home.cohort"), cell: (student) => student.cohorts.join(", ") || "—" },
              {
                header: t("mentor.home.lastFeedback"),
                cell: (student) =>
                  feedback.isPending ? "…" : last.has(student.id) ? formatDate(last.get(student.id)) : t("mentor.home.noneYet"),
              },
              {
                header: t("common.actions"),
                hideHeader: true,
                cell: (student) => (
                  <Link
                    className="button-secondary"
                    to={`/mentor/feedback/new/edit?student=${student.id}&name=${encodeURIComponent(student.name)}`}
                    aria-label={t("mentor.home.writeFor", { name: student.name })}
                  >
                    {t("mentor.home.write")}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      <h2>{t("mentor.home.drafts")}</h2>
      <QueryView query={feedback} isEmpty={() => drafts.length === 0} empty={t("mentor.home.noDrafts")}>
        {() => (
          <ul className="feedback-list">
            {drafts.map((item) => (
              <li key={item.id}>
                <Link to={feedbackPath(item.id)} className="feedback-item" data-testid="draft-item">
                  <strong>{item.title}</strong> <span className="badge badge-warn">{t("mentor.home.draft")}</span>
                  <div className="meta">
                    {t("mentor.home.draftMeta", {
                      student: item.student_name ?? t("mentor.home.student"),
                      date: formatDate(item.updated_at),
                    })}
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
