/** `/admin/rubrics`: the rubric library. Each rubric opens in the editor; a new one starts blank or from a JSON file. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import type { LibraryRubric } from "../../../api/types";
import { useConfirm } from "../../../components/ConfirmDialog";
import { DataTable, type Column } from "../../../components/DataTable";
import { QueryView } from "../../../components/QueryView";
import { formatDate } from "../../../lib/format";
import { describeError } from "../../../lib/problem";
import { DEFAULT_RUBRIC, useChangeLibraryRubric, useRubricLibrary } from "../../../queries/rubric";
import "./rubric.css";

/** Where a rubric is edited: the default one at its address of before the library. */
export function editorPath(rubricId: string): string {
  return rubricId === DEFAULT_RUBRIC ? "/admin/rubric" : `/admin/rubrics/${rubricId}`;
}

export function RubricLibraryPage() {
  const { t } = useTranslation();
  const library = useRubricLibrary();
  const change = useChangeLibraryRubric();
  const [dialog, confirm] = useConfirm();
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const act = async (rubric: LibraryRubric, action: "archive" | "restore") => {
    if (action === "archive") {
      const ok = await confirm({
        title: t("admin.rubric.library.archiveTitle", { name: rubric.name }),
        body: t("admin.rubric.library.archiveBody"),
        confirmLabel: t("admin.rubric.library.archive"),
      });
      if (!ok) return;
    }
    try {
      await change.mutateAsync({ rubricId: rubric.id, action });
      const done = action === "archive" ? "admin.rubric.library.archived" : "admin.rubric.library.restored";
      setStatus({ text: t(done, { name: rubric.name }), error: false });
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    }
  };

  const columns: Column<LibraryRubric>[] = [
    {
      header: t("admin.rubric.library.name"),
      rowHeader: true,
      cell: (r) => <Link to={editorPath(r.id)}>{r.name}</Link>,
    },
    {
      header: t("admin.rubric.library.state"),
      cell: (r) =>
        r.is_default
          ? t("admin.rubric.library.isDefault")
          : r.archived
            ? t("admin.rubric.library.isArchived")
            : t("admin.rubric.library.isActive"),
    },
    {
      header: t("admin.rubric.library.latest"),
      cell: (r) =>
        r.current
          ? t("admin.rubric.library.version", {
              version: r.current.version,
              count: r.current.criteria.length,
              date: formatDate(r.current.created_at),
            })
          : t("admin.rubric.noneYet"),
    },
    {
      header: t("admin.rubric.library.actions"),
      hideHeader: true,
      cell: (r) =>
        r.is_default ? null : (
          <button
            type="button"
            className="button-secondary"
            disabled={change.isPending}
            onClick={() => void act(r, r.archived ? "restore" : "archive")}
          >
            {r.archived
              ? t("admin.rubric.library.restoreNamed", { name: r.name })
              : t("admin.rubric.library.archiveNamed", { name: r.name })}
          </button>
        ),
    },
  ];

  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">{t("admin.rubric.library.title")}</h1>
      <p className="meta">{t("admin.rubric.library.intro")}</p>
      <p className="actions">
        <Link className="rubric-link-button button-primary" to="/admin/rubrics/new">
          {t("admin.rubric.library.new")}
        </Link>
        <Link className="rubric-link-button button-secondary" to="/admin/cohorts">
          {t("admin.rubric.library.toCohorts")}
        </Link>
      </p>
      {status ? (
        <p role={status.error ? "alert" : "status"} className={status.error ? "alert alert-error" : "meta"}>
          {status.text}
        </p>
      ) : (
        <p role="status" className="visually-hidden" />
      )}
      <QueryView query={library} isEmpty={(data) => data.items.length === 0} empty={t("admin.rubric.library.empty")}>
        {(data) => (
          <DataTable
            columns={columns}
            rows={data.items}
            rowKey={(r) => r.id}
            rowTestId="library-rubric"
            caption={t("admin.rubric.library.title")}
          />
        )}
      </QueryView>
      {dialog}
    </section>
  );
}
