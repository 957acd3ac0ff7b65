import { useQueries } from "@tanstack/react-query";
import { useState } from "react";

import { authApi, unwrap } from "../../api/client";
import type { AuditEvent } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { Pager } from "../../components/Pager";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { keys } from "../../queries/keys";
import { useAudit } from "../../queries/users";
import { EVENT_LABELS, actorOf, describeEvent, eventLabel, subjectOf, type NameOf } from "./auditText";

const PAGE = 50;

/** The names of the people a page of events mentions, from the user directory (cached per user). */
function useNames(events: AuditEvent[] | undefined): NameOf {
  const ids = [...new Set((events ?? []).flatMap((e) => [e.actor_id, e.subject_id]).filter((id): id is string => !!id))];
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

/** Security events, newest first, in words: who acted, on whom, what happened. */
export function AuditPage() {
  const [event, setEvent] = useState("");
  const [offset, setOffset] = useState(0);
  const query = { event: event ? [event] : undefined, limit: PAGE, offset };
  const page = useAudit(query);
  const nameOf = useNames(page.data?.events);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-event">Event</label>
          <select id="audit-event" value={event} onChange={(e) => { setEvent(e.target.value); setOffset(0); }}>
            <option value="">All events</option>
            {Object.entries(EVENT_LABELS)
              .sort(([, a], [, b]) => a.localeCompare(b))
              .map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
          </select>
        </div>
      </div>
      <QueryView query={page} isEmpty={(data) => data.events.length === 0} empty="No events.">
        {(data) => (
          <>
            <DataTable
              rows={data.events}
              rowKey={(e) => e.id}
              rowTestId="audit-row"
              columns={[
                { header: "When", cell: (e) => formatDateTime(e.created_at) },
                { header: "Event", rowHeader: true, cell: (e) => eventLabel(e.event) },
                { header: "By", cell: (e) => actorOf(e, nameOf) ?? "—" },
                {
                  header: "About",
                  cell: (e) => (
                    <>
                      {subjectOf(e, nameOf)}
                      {e.subject_email && nameOf(e.subject_id) ? <div className="meta">{e.subject_email}</div> : null}
                    </>
                  ),
                },
                { header: "What happened", cell: (e) => describeEvent(e, nameOf) },
                { header: "From", cell: (e) => e.ip ?? "—" },
              ]}
            />
            <Pager
              offset={offset}
              pageSize={PAGE}
              shown={data.events.length}
              total={data.total}
              onChange={setOffset}
              previousLabel="Newer"
              nextLabel="Older"
            />
          </>
        )}
      </QueryView>
    </section>
  );
}
