import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { useAuth } from "../../auth/AuthProvider";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { type FeedbackRequest, useRequestSummary, useRequests, useWriteFromRequest } from "../../queries/requests";

/** One open request: who asks, what about, and "Write feedback" (a draft titled like it, linked). */
export function RequestCard({ request, canWrite = true }: { request: FeedbackRequest; canWrite?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const write = useWriteFromRequest();
  const start = () =>
    write.mutate(request.id, { onSuccess: (draft) => void navigate(`/mentor/feedback/${draft.id}/edit`) });
  return (
    <li className="feedback-item" data-testid="request-item">
      <strong>{request.title}</strong>
      <div className="meta">
        {request.student_name ?? request.student_id} · {formatDate(request.created_at)}
      </div>
      {request.description ? <p className="request-description">{request.description}</p> : null}
      {request.link ? (
        <p>
          <a href={request.link} target="_blank" rel="noopener noreferrer nofollow">
            {request.link}
          </a>
        </p>
      ) : null}
      <ErrorMessage error={write.error} />
      {canWrite ? (
        <button type="button" onClick={start} disabled={write.isPending}>
          {request.feedback_id ? t("requests.continue") : t("requests.write")}
        </button>
      ) : null}
    </li>
  );
}

/** Requests per cohort and state (admins). */
export function RequestSummaryTable() {
  const { t } = useTranslation();
  const summary = useRequestSummary();
  const cohorts = summary.data?.cohorts ?? [];
  return (
    <QueryView query={summary} isEmpty={() => cohorts.length === 0} empty={t("requests.none")}>
      {() => (
        <div className="table-scroll">
          <table data-testid="request-summary">
            <caption>{t("requests.summaryTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("requests.cohort")}</th>
                <th scope="col">{t("requests.state.open")}</th>
                <th scope="col">{t("requests.state.closed")}</th>
                <th scope="col">{t("requests.state.cancelled")}</th>
                <th scope="col">{t("requests.total")}</th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((row) => (
                <tr key={row.cohort ?? ""}>
                  <th scope="row">{row.cohort ?? t("requests.noCohort")}</th>
                  <td>{row.open}</td>
                  <td>{row.closed}</td>
                  <td>{row.cancelled}</td>
                  <td>{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryView>
  );
}

/** The open requests addressed to the mentor (every open one, and the counts, for admins). */
export function RequestsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const admin = user?.role === "admin";
  const requests = useRequests("open");
  const items = requests.data?.items ?? [];
  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title">{t("requests.mentorTitle")}</h1>
      {admin ? <RequestSummaryTable /> : null}
      <QueryView
        query={requests}
        loadingLabel={t("requests.loading")}
        isEmpty={() => items.length === 0}
        empty={t("requests.noneOpen")}
      >
        {() => (
          <ul className="feedback-list">
            {items.map((request) => (
              <RequestCard key={request.id} request={request} canWrite={!admin} />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
