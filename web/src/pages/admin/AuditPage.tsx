import { useState } from "react";

import { DataTable } from "../../components/DataTable";
import { Pager } from "../../components/Pager";
import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { useAudit } from "../../queries/users";

const PAGE = 50;

/** Security events, newest first. */
export function AuditPage() {
  const [event, setEvent] = useState("");
  const [offset, setOffset] = useState(0);
  const query = { event: event.trim() ? [event.trim()] : undefined, limit: PAGE, offset };
  const page = useAudit(query);
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="audit-event">Event (e.g. login_failed)</label>
          <input id="audit-event" value={event} onChange={(e) => { setEvent(e.target.value); setOffset(0); }} />
        </div>
      </div>
      <QueryView query={page} isEmpty={(data) => data.events.length === 0} empty="No events.">
        {(data) => (
          <>
            <DataTable
              rows={data.events}
              rowKey={(e) => e.id}
              columns={[
                { header: "When", cell: (e) => formatDateTime(e.created_at) },
                { header: "Event", rowHeader: true, cell: (e) => e.event },
                { header: "Who", cell: (e) => e.subject_email ?? e.subject_id ?? "—" },
                { header: "From", cell: (e) => e.ip ?? "—" },
                {
                  header: "Details",
                  cell: (e) => <code>{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code>,
                },
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
