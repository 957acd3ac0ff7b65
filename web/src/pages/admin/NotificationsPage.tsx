import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { notificationApi, unwrap } from "../../api/client";
import type { Delivery } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { ErrorMessage, Notice } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { useDeliveries, useDeliveriesChanged, useEmailStatus } from "../../queries/notifications";

type Filter = "" | Delivery["status"];

function ago(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "none waiting";
  if (seconds < 90) return `${seconds} s`;
  return `${Math.round(seconds / 60)} min`;
}

function Summary() {
  const status = useEmailStatus();
  return (
    <QueryView query={status} errorTitle="The email status could not be loaded.">
      {(s) => (
        <>
          <Notice tone={s.status === "ok" ? "success" : "warning"}>
            Email delivery is {s.status === "ok" ? "working" : "degraded"} (backend: {s.email_backend}, checked{" "}
            {formatDateTime(s.checked_at)}).
          </Notice>
          <div className="grid">
            <div className="card">
              <h2>Queue</h2>
              <p>
                <span className="score-value" data-testid="outbox-depth">{s.outbox.depth}</span> waiting · oldest{" "}
                {ago(s.outbox.oldest_pending_age_seconds)}
              </p>
            </div>
            <div className="card">
              <h2>Last hour</h2>
              <p>
                {s.last_hour.sent} sent · {s.last_hour.failed} failed attempts · {s.last_hour.dead} dead
              </p>
            </div>
            <div className="card">
              <h2>Last day</h2>
              <p>
                {s.last_day.sent} sent · {s.last_day.failed} failed attempts · {s.last_day.dead} dead
              </p>
            </div>
            <div className="card">
              <h2>Mail server</h2>
              <p>
                {!s.smtp.used
                  ? "Not used (development mailbox)."
                  : s.smtp.ok === null
                    ? "Not checked yet."
                    : s.smtp.ok
                      ? `Reachable${s.smtp.latency_ms !== null ? ` in ${Math.round(s.smtp.latency_ms)} ms` : ""}.`
                      : `Unreachable: ${s.smtp.error ?? "no answer"}.`}
              </p>
              <p className="meta">Database: {s.database.ok ? "ok" : s.database.error}</p>
            </div>
          </div>
        </>
      )}
    </QueryView>
  );
}

/** Email delivery for admins: queue, failures, and retrying emails that gave up. */
export function NotificationsPage() {
  const changed = useDeliveriesChanged();
  const [filter, setFilter] = useState<Filter>("");
  const deliveries = useDeliveries(filter);
  const retry = useMutation({
    mutationFn: (id: string) =>
      unwrap(notificationApi.POST("/v1/admin/deliveries/{delivery_id}/retry", { params: { path: { delivery_id: id } } })),
    onSuccess: changed,
  });
  return (
    <section aria-labelledby="notif-title">
      <h1 id="notif-title">Email status</h1>
      <Summary />
      <h2>Recent emails</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="delivery-status">Status</label>
          <select id="delivery-status" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="">All</option>
            <option value="pending">pending</option>
            <option value="sending">sending</option>
            <option value="sent">sent</option>
            <option value="dead">dead</option>
            <option value="canceled">canceled</option>
          </select>
        </div>
      </div>
      <ErrorMessage error={retry.error} />
      <QueryView query={deliveries} isEmpty={(data) => data.deliveries.length === 0} empty="No emails.">
        {(data) => (
          <DataTable<Delivery>
            rows={data.deliveries}
            rowKey={(d) => d.id}
            columns={[
              { header: "Email", rowHeader: true, cell: (d) => d.template },
              { header: "To", cell: (d) => d.to },
              {
                header: "Status",
                cell: (d) => (
                  <>
                    <span className={`badge ${d.status === "sent" ? "badge-good" : d.status === "dead" ? "badge-bad" : ""}`}>{d.status}</span>
                    {d.last_error ? <div className="meta">{d.last_error}</div> : null}
                  </>
                ),
              },
              { header: "Attempts", cell: (d) => d.attempts },
              { header: "When", cell: (d) => formatDateTime(d.sent_at ?? d.updated_at) },
              {
                header: "Actions",
                hideHeader: true,
                cell: (d) =>
                  d.status === "dead" ? (
                    <button type="button" className="button-secondary" onClick={() => retry.mutate(d.id)} disabled={retry.isPending}>
                      Retry<span className="visually-hidden"> {d.template} to {d.to}</span>
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
