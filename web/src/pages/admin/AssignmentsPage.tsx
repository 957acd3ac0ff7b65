import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import type { Assignment, AssignmentImport } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { useConfirm } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/feedback";
import { EMPTY_PICK, PersonPicker, type PickerValue } from "../../components/PersonPicker";
import { QueryView } from "../../components/QueryView";
import { useToast } from "../../components/Toast";
import { checkEmail } from "../../lib/email";
import { formatDate } from "../../lib/format";
import { fileUpload } from "../../lib/upload";
import { useAssignments, useAssignmentsChanged } from "../../queries/assignments";
import { CohortAverages } from "./CohortAverages";

const CSV_HEADER = "mentor_email,student_email,cohort";

/** The person of a picker as the API takes it: the chosen one's id, or the typed address. */
function who(pick: PickerValue): { id: string } | { email: string } | null {
  if (pick.person) return { id: pick.person.id };
  const email = checkEmail(pick.text);
  return email.ok ? { email: email.value } : null;
}

function AssignForm() {
  const { t } = useTranslation();
  const changed = useAssignmentsChanged();
  const toast = useToast();
  const [mentor, setMentor] = useState<PickerValue>(EMPTY_PICK);
  const [student, setStudent] = useState<PickerValue>(EMPTY_PICK);
  const [cohort, setCohort] = useState("");
  const [missing, setMissing] = useState("");
  const create = useMutation({
    mutationFn: ({ m, s }: { m: { id: string } | { email: string }; s: { id: string } | { email: string } }) =>
      unwrap(
        feedbackApi.POST("/v1/assignments", {
          body: {
            ...("id" in m ? { mentor_id: m.id } : { mentor_email: m.email }),
            ...("id" in s ? { student_id: s.id } : { student_email: s.email }),
            cohort: cohort.trim() || null,
          },
        }),
      ),
    onSuccess: (a) => {
      setStudent(EMPTY_PICK);
      void changed();
      toast({
        message: t("assignments.assign.done", {
          mentor: a.mentor.name ?? a.mentor.email,
          student: a.student.name ?? a.student.email,
        }),
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const m = who(mentor);
    const s = who(student);
    if (!m || !s) {
      setMissing(t(!m ? "assignments.assign.pickMentor" : "assignments.assign.pickStudent"));
      return;
    }
    setMissing("");
    create.mutate({ m, s });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="assign-title" noValidate>
      <h2 id="assign-title">{t("assignments.assign.title")}</h2>
      <div className="field-row">
        <PersonPicker id="assign-mentor" label={t("assignments.assign.mentor")} role="mentor" required value={mentor} onChange={setMentor} />
        <PersonPicker id="assign-student" label={t("assignments.assign.student")} role="student" required value={student} onChange={setStudent} />
        <div className="field">
          <label htmlFor="assign-cohort">{t("assignments.assign.cohort")}</label>
          <input id="assign-cohort" maxLength={200} value={cohort} onChange={(e) => setCohort(e.target.value)} />
        </div>
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {create.isPending ? t("assignments.assign.assigning") : t("assignments.assign.submit")}
        </button>
      </div>
      {missing ? (
        <p className="field-error" role="alert">
          {missing}
        </p>
      ) : null}
      <ErrorMessage error={create.error} />
    </form>
  );
}

function ImportAssignments() {
  const { t } = useTranslation();
  const changed = useAssignmentsChanged();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      unwrap(feedbackApi.POST("/v1/assignments/import", { params: { query: { dry_run: dryRun } }, ...fileUpload(file as File) })),
    onSuccess: (result) => {
      if (!result.dry_run) void changed();
    },
  });
  const result = run.data;
  return (
    <section className="card" aria-labelledby="assign-import-title">
      <h2 id="assign-import-title">{t("assignments.import.title")}</h2>
      <div className="field">
        <label htmlFor="assign-csv">
          {t("assignments.import.file")} (<code>{CSV_HEADER}</code>)
        </label>
        <input id="assign-csv" type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); run.reset(); }} />
      </div>
      <div className="actions">
        <button type="button" className="button-secondary" disabled={!file || run.isPending} onClick={() => run.mutate(true)}>
          {t("assignments.import.preview")}
        </button>
        <button type="button" className="button-primary" disabled={!file || run.isPending || !result?.dry_run || result.errors > 0} onClick={() => run.mutate(false)}>
          {t("assignments.import.run")}
        </button>
      </div>
      <ErrorMessage error={run.error} />
      {result ? (
        <>
          <p>
            {t(result.dry_run ? "assignments.import.previewResult" : "assignments.import.doneResult", {
              created: result.created,
              existing: result.existing,
              errors: result.errors,
            })}
          </p>
          <DataTable<AssignmentImport["rows"][number]>
            rows={result.rows}
            rowKey={(row) => String(row.line)}
            columns={[
              { header: t("assignments.import.line"), rowHeader: true, cell: (row) => row.line },
              { header: t("assignments.columns.mentor"), cell: (row) => row.mentor_email },
              { header: t("assignments.columns.student"), cell: (row) => row.student_email },
              { header: t("assignments.columns.cohort"), cell: (row) => row.cohort ?? "—" },
              {
                header: t("assignments.import.whatHappens"),
                cell: (row) => (row.error ? t("assignments.import.error", { error: row.error }) : t(`assignments.import.status.${row.status}`)),
              },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

/** Mentor-student assignments and cohorts. */
export function AssignmentsPage() {
  const { t } = useTranslation();
  const changed = useAssignmentsChanged();
  const [cohort, setCohort] = useState("");
  // Asked at once (not debounced): the list on screen is always the one the filter names, so an
  // action clicked right after typing acts on the row it shows.
  const filter = cohort.trim();
  const list = useAssignments(filter);
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const names = (a: Assignment) => ({ mentor: a.mentor.name ?? a.mentor.email ?? "", student: a.student.name ?? a.student.email ?? "" });
  const remove = useMutation({
    mutationFn: (a: Assignment) =>
      unwrap(feedbackApi.DELETE("/v1/assignments/{assignment_id}", { params: { path: { assignment_id: a.id } } })),
    onSuccess: (_, a) => {
      void changed();
      toast({
        message: t("assignments.remove.done", names(a)),
        undo: {
          run: async () => {
            await unwrap(
              feedbackApi.POST("/v1/assignments", {
                body: { mentor_id: a.mentor.id, student_id: a.student.id, cohort: a.cohort ?? null },
              }),
            );
            await changed();
          },
          done: t("assignments.remove.undone", names(a)),
        },
      });
    },
  });
  const askRemove = async (a: Assignment) => {
    const yes = await confirm({
      title: t("assignments.remove.title", names(a)),
      body: t("assignments.remove.body", names(a)),
      confirmLabel: t("assignments.remove.confirm"),
    });
    if (yes) remove.mutate(a);
  };
  const cohorts = [...new Set((list.data?.items ?? []).map((a) => a.cohort).filter(Boolean))] as string[];
  // The averages of the one cohort the filter narrows the list to.
  const onlyCohort = filter && cohorts.length === 1 && list.data?.items.every((a) => a.cohort === cohorts[0]) ? cohorts[0] : null;
  return (
    <section aria-labelledby="assignments-title">
      <h1 id="assignments-title">{t("assignments.title")}</h1>
      <AssignForm />
      <ImportAssignments />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="cohort-filter">{t("assignments.filter.cohort")}</label>
          <input
            id="cohort-filter"
            list="cohort-list"
            value={cohort}
            onChange={(e) => setCohort(e.target.value)}
            placeholder={t("assignments.filter.all")}
            aria-describedby="cohort-filter-hint"
          />
          <datalist id="cohort-list">
            {cohorts.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          <p id="cohort-filter-hint" className="hint">
            {t("assignments.filter.hint")}
          </p>
        </div>
      </div>
      {onlyCohort ? <CohortAverages cohort={onlyCohort} /> : null}
      <ErrorMessage error={remove.error} />
      {dialog}
      <QueryView
        query={list}
        loadingLabel={t("assignments.loading")}
        isEmpty={(data) => data.items.length === 0}
        empty={filter ? t("assignments.emptyFiltered", { text: filter }) : t("assignments.empty")}
      >
        {(data) => (
          <DataTable<Assignment>
            rows={data.items}
            rowKey={(a) => a.id}
            columns={[
              { header: t("assignments.columns.mentor"), cell: (a) => a.mentor.name ?? a.mentor.email },
              {
                header: t("assignments.columns.student"),
                cell: (a) => <Link to={`/mentor/students/${a.student.id}`}>{a.student.name ?? a.student.email}</Link>,
              },
              { header: t("assignments.columns.cohort"), cell: (a) => a.cohort ?? "—" },
              { header: t("assignments.columns.since"), cell: (a) => formatDate(a.created_at) },
              {
                header: t("common.actions"),
                hideHeader: true,
                cell: (a) => (
                  <button type="button" className="button-link" onClick={() => void askRemove(a)} disabled={remove.isPending}>
                    {t("assignments.remove.button")}
                    <span className="visually-hidden">{t("assignments.remove.which", names(a))}</span>
                  </button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
