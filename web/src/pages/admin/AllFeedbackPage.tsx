import { useState } from "react";
import { Link } from "react-router";

import { feedbackApi } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { downloadBlob, formatDate } from "../../lib/format";
import { toApiError } from "../../lib/problem";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList } from "../../queries/feedback";

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
      <QueryView query={list} isEmpty={(data) => data.items.length === 0} empty="No feedback matches these filters.">
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(item) => item.id}
            columns={[
              { header: "Title", rowHeader: true, cell: (item) => <Link to={feedbackPath(item.id)}>{item.title}</Link> },
              { header: "Student", cell: (item) => item.student_name ?? item.student_id },
              { header: "Mentor", cell: (item) => item.mentor_name ?? item.mentor_id },
              { header: "State", cell: (item) => `${item.state}${item.acknowledged_at ? " · acknowledged" : ""}` },
              { header: "Date", cell: (item) => formatDate(item.published_at ?? item.created_at) },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
