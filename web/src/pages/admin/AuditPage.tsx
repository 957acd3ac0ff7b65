import { useQueries } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTranslation } from "react-i18next";

import { authApi, unwrap } from "../../api/client";
import type { AuditEvent, AuditEventName } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { Pager } from "../../components/Pager";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../queries/keys";
import { useAudit, type AuditQuery } from "../../queries/users";
import { actorOf, describeEvent, eventLabel, eventLabels, otherPeople, subjectOf, type NameOf } from "./auditText";

const PAGE = 50;

/** The names of the people a page of events mentions, from the user directory (cached per user). */
function useNames(events: AuditEvent[] | undefined): NameOf {
  const ids = [
    ...new Set(
      (events ?? []).flatMap((e) => [e.actor_id, e.subject_id, ...otherPeople(e)]).filter((id): id is string => !!id),
    ),
  ];
  const users = useQueries({
    queries: ids.map((id) => ({
      queryKey: [...keys.users.all, "one", id],
      queryFn: () => unwrap(authApi.GET("/admin/users/{user_id}", { params: { path: { user_id: id } } })),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map(ids.map((id, i) => [id, users[i]?.data?.name ?? null]));
  return (id) => (id ? (names.get(id) ?? null) : null);
}

/** The start of a local calendar day ("2026-12-03"), or of the day after, as an instant. */
function dayStart(day: string, after = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const start = new Date(y, m - 1, d + (after ? 1 : 0));
  return Number.isNaN(start.getTime()) ? undefined : start.toISOString();
}

/** Security and feedback events, newest first, in words: who acted, on whom, what happened. */
export function AuditPage() {
  const { t } = useTranslation();
  const [event, setEvent] = useState<AuditEventName | "">("");
  const [person, setPerson] = useState("");
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [offset, setOffset] = useState(0);
  const typed = useDeferredValue(person.trim());
  const query: AuditQuery = {
    event: event ? [event] : undefined,
    person: typed || undefined,
    since: dayStart(since),
    until: dayStart(until, true),
    limit: PAGE,
    offset,
  };
  const page = useAudit(query);
  const nameOf = useNames(page.data?.events);
  const changed = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setOffset(0);
  };
  const filtered = Boolean(event || person || since || until);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <div className="toolbar" role="search">
        <div className="field">
          <label htmlFor="audit-event">{t("audit.event")}</label>
          <select id="audit-event" value={event} onChange={(e) => changed(setEvent)(e.target.value as AuditEventName | "")}>
            <option value="">{t("audit.allEvents")}</option>
            {eventLabels()
              .sort(([, a], [, b]) => a.localeCompare(b))
              .map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-person">{t("audit.person")}</label>
          <input
            id="audit-person"
            type="search"
            value={person}
            aria-describedby="audit-person-hint"
            onChange={(e) => changed(setPerson)(e.target.value)}
          />
          <p id="audit-person-hint" className="meta">
            {t("audit.personHint")}
          </p>
        </div>
        <div className="field">
          <label htmlFor="audit-since">{t("audit.since")}</label>
          <input id="audit-since" type="date" value={since} max={until || undefined} onChange={(e) => changed(setSince)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="audit-until">{t("audit.until")}</label>
          <input id="audit-until" type="date" value={until} min={since || undefined} onChange={(e) => changed(setUntil)(e.target.value)} />
        </div>
        {filtered ? (
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setEvent("");
              setPerson("");
              setSince("");
              setUntil("");
              setOffset(0);
            }}
          >
            {t("audit.clear")}
          </button>
        ) : null}
      </div>
      <QueryView query={page} isEmpty={(data) => data.events.length === 0} empty={t("audit.empty")}>
        {(data) => (
          <>
            <DataTable
              rows={data.events}
              rowKey={(e) => e.id}
              rowTestId="audit-row"
              columns={[
                { header: t("audit.columns.when"), cell: (e) => formatDateTime(e.created_at) },
                {
                  header: t("audit.columns.event"),
                  rowHeader: true,
                  cell: (e) => (
                    <>
                      {eventLabel(e.event)}
                      {e.source === "feedback" ? <div className="meta">{t("audit.sourceFeedback")}</div> : null}
                    </>
                  ),
                },
                { header: t("audit.columns.by"), cell: (e) => actorOf(e, nameOf) ?? "—" },
                {
                  header: t("audit.columns.about"),
                  cell: (e) =>
                    e.subject_id || e.subject_email ? (
                      <>
                        {subjectOf(e, nameOf)}
                        {e.subject_email && nameOf(e.subject_id) ? <div className="meta">{e.subject_email}</div> : null}
                      </>
                    ) : (
                      "—"
                    ),
                },
                { header: t("audit.columns.what"), cell: (e) => describeEvent(e, nameOf) },
                { header: t("audit.columns.from"), cell: (e) => e.ip ?? "—" },
              ]}
            />
            <Pager
              offset={offset}
              pageSize={PAGE}
              shown={data.events.length}
              total={data.total}
              onChange={setOffset}
              previousLabel={t("audit.newer")}
              nextLabel={t("audit.older")}
            />
          </>
        )}
      </QueryView>
    </section>
  );
}
