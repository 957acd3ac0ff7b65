import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { notificationApi, unwrap } from "../../api/client";
import type { Delivery, EmailStatus } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { ErrorMessage, Notice } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { t } from "../../i18n";
import { formatDateTime, formatNumber } from "../../lib/format";
import { useDeliveries, useDeliveriesChanged, useEmailStatus } from "../../queries/notifications";

type Filter = "" | Delivery["status"];

function ago(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return t("admin.notifications.noneWaiting");
  if (seconds < 90) return t("admin.notifications.seconds", { count: seconds });
  return t("admin.notifications.minutes", { count: Math.round(seconds / 60) });
}

const STATES = ["pending", "sending", "sent", "dead", "canceled"] as const;

function smtpText(smtp: EmailStatus["smtp"]): string {
  if (!smtp.used) return t("admin.notifications.smtpUnused");
  if (smtp.ok === null) return t("admin.notifications.smtpUnchecked");
  if (!smtp.ok) return t("admin.notifications.smtpUnreachable", { error: smtp.error ?? t("admin.notifications.noAnswer") });
  return smtp.latency_ms === null
    ? t("admin.notifications.smtpReachable")
    : t("admin.notifications.smtpReachableIn", { ms: formatNumber(Math.round(smtp.latency_ms)) });
}

function Summary() {
  const { t } = useTranslation();
  const status = useEmailStatus();
  return (
    <QueryView query={status} errorTitle={t("admin.notifications.loadFailed")}>
      {(s) => (
        <>
          <Notice tone={s.status === "ok" ? "success" : "warning"}>
            {t(s.status === "ok" ? "admin.notifications.working" : "admin.notifications.degraded", {
              backend: s.email_backend,
              checked: formatDateTime(s.checked_at),
            })}
          </Notice>
          <div className="grid">
            <div className="card">
              <h2>{t("admin.notifications.queue")}</h2>
              <p>
                <span className="score-value" data-testid="outbox-depth">{s.outbox.depth}</span>{" "}
                {t("admin.notifications.waiting", { age: ago(s.outbox.oldest_pending_age_seconds) })}
              </p>
            </div>
            <div className="card">
              <h2>{t("admin.notifications.lastHour")}</h2>
              <p>
                {t("admin.notifications.counts", { ...s.last_hour })}
              </p>
            </div>
            <div className="card">
              <h2>{t("admin.notifications.lastDay")}</h2>
              <p>
                {t("admin.notifications.counts", { ...s.last_day })}
              </p>
            </div>
            <div className="card">
              <h2>{t("admin.notifications.mailServer")}</h2>
              <p>{smtpText(s.smtp)}</p>
              <p className="meta">
                {t("admin.notifications.database", { state: s.database.ok ? t("admin.notifications.ok") : s.database.error })}
              </p>
            </div>
          </div>
        </>
      )}
    </QueryView>
  );
}

/** Email delivery for admins: queue, failures, and retrying emails that gave up. */
export function NotificationsPage() {
  const { t } = useTranslation();
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
      <h1 id="notif-title">{t("admin.notifications.title")}</h1>
      <Summary />
      <h2>{t("admin.notifications.recent")}</h2>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="delivery-status">{t("admin.notifications.status")}</label>
          <select id="delivery-status" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
            <option value="">{t("admin.notifications.all")}</option>
            {STATES.map((state) => (
              <option key={state} value={state}>
                {t(`admin.notifications.states.${state}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={retry.error} />
      <QueryView query={deliveries} isEmpty={(data) => data.deliveries.length === 0} empty={t("admin.notifications.none")}>
        {(data) => (
          <DataTable<Delivery>
            rows={data.deliveries}
            rowKey={(d) => d.id}
            columns={[
              { header: t("admin.notifications.email"), rowHeader: true, cell: (d) => d.template },
              { header: t("admin.notifications.to"), cell: (d) => d.to },
              {
                header: t("admin.notifications.status"),
                cell: (d) => (
                  <>
                    <span className={`badge ${d.status === "sent" ? "badge-good" : d.status === "dead" ? "badge-bad" : ""}`}>
                      {t(`admin.notifications.states.${d.status}`)}
                    </span>
                    {d.last_error ? <div className="meta">{d.last_error}</div> : null}
                  </>
                ),
              },
              { header: t("admin.notifications.attempts"), cell: (d) => d.attempts },
              { header: t("admin.notifications.when"), cell: (d) => formatDateTime(d.sent_at ?? d.updated_at) },
              {
                header: t("common.actions"),
                hideHeader: true,
                cell: (d) =>
                  d.status === "dead" ? (
                    <button type="button" className="button-secondary" onClick={() => retry.mutate(d.id)} disabled={retry.isPending}>
                      {t("admin.notifications.retry")}
                      <span className="visually-hidden">{t("admin.notifications.retryOf", { template: d.template, to: d.to })}</span>
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
