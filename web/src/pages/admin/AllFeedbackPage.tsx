import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { feedbackApi } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { ErrorMessage } from "../../components/feedback";
import { SEARCH_DELAY_MS, useDebounced } from "../../components/PersonPicker";
import { QueryView } from "../../components/QueryView";
import { downloadBlob, formatDate } from "../../lib/format";
import { toApiError } from "../../lib/problem";
import { feedbackPath } from "../feedback/paths";
import { useFeedbackList } from "../../queries/feedback";

type State = "" | "draft" | "published" | "withdrawn";

/** Every feedback with filters, and the CSV export of the same selection. */
export function AllFeedbackPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<State>("");
  const [cohort, setCohort] = useState("");
  const [acknowledged, setAcknowledged] = useState<"" | "true" | "false">("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [exportError, setExportError] = useState<unknown>(null);
  // Part of the cohort's name (any case, accents or dash), asked once typing pauses.
  const cohortText = useDebounced(cohort.trim(), SEARCH_DELAY_MS);
  const filters = {
    state: state ? [state] : undefined,
    cohort: cohortText || undefined,
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
      <h1 id="all-title">{t("allFeedback.title")}</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="f-state">{t("allFeedback.state")}</label>
          <select id="f-state" value={state} onChange={(e) => setState(e.target.value as State)}>
            <option value="">{t("allFeedback.anyState")}</option>
            <option value="draft">{t("allFeedback.states.draft")}</option>
            <option value="published">{t("allFeedback.states.published")}</option>
            <option value="withdrawn">{t("allFeedback.states.withdrawn")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-cohort">{t("allFeedback.cohort")}</label>
          <input id="f-cohort" value={cohort} onChange={(e) => setCohort(e.target.value)} aria-describedby="f-cohort-hint" />
          <p id="f-cohort-hint" className="hint">
            {t("allFeedback.cohortHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="f-ack">{t("allFeedback.acknowledged")}</label>
          <select id="f-ack" value={acknowledged} onChange={(e) => setAcknowledged(e.target.value as typeof acknowledged)}>
            <option value="">{t("allFeedback.either")}</option>
            <option value="true">{t("allFeedback.yes")}</option>
            <option value="false">{t("allFeedback.notYet")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t("allFeedback.from")}</label>
          <input id="f-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t("allFeedback.to")}</label>
          <input id="f-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="button" className="button-secondary" onClick={() => void exportCsv()}>
          {t("allFeedback.export")}
        </button>
      </div>
      <ErrorMessage error={exportError} />
      <QueryView query={list} isEmpty={(data) => data.items.length === 0} loadingLabel={t("allFeedback.loading")} empty={t("allFeedback.empty")}>
        {(data) => (
          <DataTable
            rows={data.items}
            rowKey={(item) => item.id}
            columns={[
              { header: t("allFeedback.columns.title"), rowHeader: true, cell: (item) => <Link to={feedbackPath(item.id)}>{item.title}</Link> },
              { header: t("allFeedback.columns.student"), cell: (item) => item.student_name ?? item.student_id },
              { header: t("allFeedback.columns.mentor"), cell: (item) => item.mentor_name ?? item.mentor_id },
              {
                header: t("allFeedback.columns.state"),
                cell: (item) =>
                  item.acknowledged_at
                    ? t("allFeedback.stateAcknowledged", { state: t(`allFeedback.states.${item.state}`) })
                    : t(`allFeedback.states.${item.state}`),
              },
              { header: t("allFeedback.columns.date"), cell: (item) => formatDate(item.published_at ?? item.created_at) },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
