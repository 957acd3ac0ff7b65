import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";

import { authApi, unwrap } from "../../api/client";
import type { UserImportReport } from "../../api/types";
import { ErrorMessage, Notice } from "../../components/feedback";
import { fileUpload } from "../../lib/upload";
import { useUsersChanged } from "../../queries/users";

function Report({ report }: { report: UserImportReport }) {
  const { t } = useTranslation();
  return (
    <div className="card" data-testid="import-report">
      <h2>{t(report.dry_run ? "admin.import.previewTitle" : "admin.import.doneTitle")}</h2>
      <p>
        {t("admin.import.summary", { rows: report.rows, valid: report.valid, errors: report.errors.length })}
        {report.dry_run ? null : t("admin.import.summaryDone", { created: report.created, invites: report.invites_sent })}
      </p>
      {report.errors.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.import.row")}</th>
                <th scope="col">{t("admin.import.email")}</th>
                <th scope="col">{t("admin.import.problem")}</th>
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
  const { t } = useTranslation();
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
        <Link to="/admin/users">{t("admin.import.back")}</Link>
      </p>
      <h1 id="import-title">{t("admin.import.title")}</h1>
      <p>
        <Trans i18nKey="admin.import.intro" components={{ code: <code /> }} />
      </p>
      <div className="field">
        <label htmlFor="csv">{t("admin.import.file")}</label>
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
          {t("admin.import.preview")}
        </button>
        <button
          type="button"
          className="button-primary"
          disabled={!file || run.isPending || !report?.dry_run || report.errors.length > 0}
          onClick={() => run.mutate({ dryRun: false })}
        >
          {t("admin.import.run")}
        </button>
      </div>
      <ErrorMessage error={run.error} />
      {report ? <Report report={report} /> : null}
      {report && !report.dry_run ? <Notice tone="success">{t("admin.import.done")}</Notice> : null}
    </section>
  );
}
