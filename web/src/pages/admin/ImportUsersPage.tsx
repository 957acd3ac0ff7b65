import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { UserImportReport } from "../../api/types";
import { ErrorMessage, Notice } from "../../components/feedback";
import { fileUpload } from "../../lib/upload";
import { useUsersChanged } from "../../queries/users";

function Report({ report }: { report: UserImportReport }) {
  return (
    <div className="card" data-testid="import-report">
      <h2>{report.dry_run ? "Preview: nothing is written yet" : "Import done"}</h2>
      <p>
        {report.rows} rows · {report.valid} valid · {report.errors.length} with errors
        {report.dry_run ? "" : ` · ${report.created} created · ${report.invites_sent} invitations sent`}
      </p>
      {report.errors.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Email</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((error) => (
                <tr key={error.row}>
                  <th scope="row">{error.row}</th>
                  <td>{error.email ?? "—"}</td>
                  <td>{error.errors.join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

/** CSV import of users (`email,name,role`): a preview first, then the real import. */
export function ImportUsersPage() {
  const usersChanged = useUsersChanged();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) =>
      unwrap(
        authApi.POST("/admin/users/import", {
          params: { query: { dry_run: dryRun, send_invites: true } },
          ...fileUpload(file as File),
        }),
      ),
    onSuccess: (report) => {
      if (!report.dry_run) void usersChanged();
    },
  });
  const report = run.data;
  return (
    <section aria-labelledby="import-title">
      <p>
        <Link to="/admin/users">← Users</Link>
      </p>
      <h1 id="import-title">Import users</h1>
      <p>
        A CSV file with the header <code>email,name,role</code> (role: student, mentor or admin). You see what would
        happen before anything is written; a file with any error imports nothing.
      </p>
      <div className="field">
        <label htmlFor="csv">CSV file</label>
        <input
          id="csv"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            run.reset();
          }}
        />
      </div>
      <div className="actions">
        <button type="button" className="button-secondary" disabled={!file || run.isPending} onClick={() => run.mutate({ dryRun: true })}>
          Preview
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!file || run.isPending || !report?.dry_run || report.errors.length > 0}
          onClick={() => run.mutate({ dryRun: false })}
        >
          Import and send invitations
        </button>
      </div>
      <ErrorMessage error={run.error} />
      {report ? <Report report={report} /> : null}
      {report && !report.dry_run ? <Notice tone="success">The users are created and invited.</Notice> : null}
    </section>
  );
}
