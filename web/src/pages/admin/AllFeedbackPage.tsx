import { useState } from "react";
import { Link } from "react-router";

import { feedbackApi } from "../../api/client";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { downloadBlob, formatDate } from "../../lib/format";
import { toApiError } from "../../lib/problem";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList } from "../feedback/queries";

type State = "" | "draft" | "published" | "withdrawn";

/** Every feedback with filters, and the CSV export of the same selection. */
export function AllFeedbackPage() {
  const [state, setState] = useState<State>("");
  const [cohort, setCohort] = useState("");
  const [acknowledged, setAcknowledged] = useState<"" | "true" | "false">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [exportError, setExportError] = useState<unknown>(null);
  const filters = {
    state: state ? [state] : undefined,
    cohort: cohort.trim() || undefined,
    acknowledged: acknowledged ? acknowledged === "true" : undefined,
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(`${to}T23:59:59`).toISOString() : undefined,
  };
  const list = useFeedbackList({ ...filters, sort: "-created_at", limit: 100 });

  const exportCsv = async () => {
    setExportError(null);
    const { response } = await feedbackApi.GET("/v1/export/feedback.csv", {
      params: { query: filters as never },
      parseAs: "stream",
    });
    if (!response.ok) {
      setExportError(await toApiError(response));
      return;
    }
    downloadBlob(await response.blob(), `feedback-${new Date().toISOString().slice(0, 10)}.csv`);
  };

  return (
    <section aria-labelledby="all-title">
      <h1 id="all-title">All feedback</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="f-state">State</label>
          <select id="f-state" value={state} onChange={(e) => setState(e.target.value as State)}>
            <option value="">Any</option>
            <option value="draft">draft</option>
            <option value="published">published</option>
            <option value="withdrawn">withdrawn</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-cohort">Cohort</label>
          <input id="f-cohort" value={cohort} onChange={(e) => setCohort(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-ack">Acknowledged</label>
          <select id="f-ack" value={acknowledged} onChange={(e) => setAcknowledged(e.target.value as typeof acknowledged)}>
            <option value="">Either</option>
            <option value="true">yes</option>
            <option value="false">not yet</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">From</label>
          <input id="f-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-to">To</label>
          <input id="f-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="button" className="button-secondary" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      <ErrorMessage error={exportError} />
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data && list.data.items.length === 0 ? <Empty>No feedback matches these filters.</Empty> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Student</th>
                <th scope="col">Mentor</th>
                <th scope="col">State</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((item) => (
                <tr key={item.id}>
                  <th scope="row">
                    <Link to={feedbackPath(item.id)}>{item.title}</Link>
                  </th>
                  <td>{item.student_name ?? item.student_id}</td>
                  <td>{item.mentor_name ?? item.mentor_id}</td>
                  <td>
                    {item.state}
                    {item.acknowledged_at ? " · acknowledged" : ""}
                  </td>
                  <td>{formatDate(item.published_at ?? item.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
