import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { authApi, unwrap } from "../../api/client";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { formatDateTime } from "../../lib/format";

const PAGE = 50;

/** Security events, newest first. */
export function AuditPage() {
  const [event, setEvent] = useState("");
  const [offset, setOffset] = useState(0);
  const query = { event: event.trim() ? [event.trim()] : undefined, limit: PAGE, offset };
  const page = useQuery({
    queryKey: ["audit", query],
    queryFn: () => unwrap(authApi.GET("/admin/audit", { params: { query } })),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-event">Event (e.g. login_failed)</label>
          <input id="audit-event" value={event} onChange={(e) => { setEvent(e.target.value); setOffset(0); }} />
        </div>
      </div>
      {page.isPending ? <Loading /> : null}
      <ErrorMessage error={page.error} />
      {page.data && page.data.events.length === 0 ? <Empty>No events.</Empty> : null}
      {page.data && page.data.events.length > 0 ? (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Who</th>
                  <th scope="col">From</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {page.data.events.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.created_at)}</td>
                    <th scope="row">{e.event}</th>
                    <td>{e.subject_email ?? e.subject_id ?? "—"}</td>
                    <td>{e.ip ?? "—"}</td>
                    <td>
                      <code>{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="actions" aria-label="Pages">
            <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Newer
            </button>
            <span className="meta">
              {offset + 1}–{offset + page.data.events.length} of {page.data.total}
            </span>
            <button type="button" className="button-secondary" disabled={offset + PAGE >= page.data.total} onClick={() => setOffset(offset + PAGE)}>
              Older
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}
