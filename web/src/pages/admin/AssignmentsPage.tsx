import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import type { Assignment, AssignmentImport } from "../../api/types";
import { DataTable } from "../../components/DataTable";
import { EmailField } from "../../components/EmailField";
import { useConfirm } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { useToast } from "../../components/Toast";
import { formatDate } from "../../lib/format";
import { fileUpload } from "../../lib/upload";
import { useAssignments, useAssignmentsChanged } from "../../queries/assignments";
import { CohortAverages } from "./CohortAverages";

function AssignForm() {
  const changed = useAssignmentsChanged();
  const [mentor, setMentor] = useState("");
  const [student, setStudent] = useState("");
  const [cohort, setCohort] = useState("");
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        feedbackApi.POST("/v1/assignments", {
          body: { mentor_email: mentor, student_email: student, cohort: cohort.trim() || null },
        }),
      ),
    onSuccess: () => {
      setStudent("");
      void changed();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="assign-title">
      <h2 id="assign-title">Assign a mentor to a student</h2>
      <div className="field-row">
        <EmailField id="assign-mentor" label="Mentor's email" autoComplete="off" value={mentor} onChange={setMentor} />
        <EmailField id="assign-student" label="Student's email" autoComplete="off" value={student} onChange={setStudent} />
        <div className="field">
          <label htmlFor="assign-cohort">Cohort (optional)</label>
          <input id="assign-cohort" maxLength={200} value={cohort} onChange={(e) => setCohort(e.target.value)} />
        </div>
        <button type="submit" className="button-primary" disabled={create.isPending}>
          Assign
        </button>
      </div>
      <ErrorMessage error={create.error} />
    </form>
  );
}

function ImportAssignments() {
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
      <h2 id="assign-import-title">Import assignments from CSV</h2>
      <div className="field">
        <label htmlFor="assign-csv">
          CSV file (<code>mentor_email,student_email,cohort</code>)
        </label>
        <input id="assign-csv" type="file" accept=".csv,text/csv" onChange={(e) => { setFile(e.target.files?.[0] ?? null); run.reset(); }} />
      </div>
      <div className="actions">
        <button type="button" className="button-secondary" disabled={!file || run.isPending} onClick={() => run.mutate(true)}>
          Preview
        </button>
        <button type="button" className="button-primary" disabled={!file || run.isPending || !result?.dry_run || result.errors > 0} onClick={() => run.mutate(false)}>
          Import
        </button>
      </div>
      <ErrorMessage error={run.error} />
      {result ? (
        <>
          <p>
            {result.dry_run ? "Preview: " : "Done: "}
            {result.created} {result.dry_run ? "to create" : "created"} · {result.existing} already there · {result.errors} errors
          </p>
          <DataTable<AssignmentImport["rows"][number]>
            rows={result.rows}
            rowKey={(row) => String(row.line)}
            columns={[
              { header: "Line", rowHeader: true, cell: (row) => row.line },
              { header: "Mentor", cell: (row) => row.mentor_email },
              { header: "Student", cell: (row) => row.student_email },
              { header: "Cohort", cell: (row) => row.cohort ?? "—" },
              { header: "What happens", cell: (row) => (row.error ? `error: ${row.error}` : row.status.replace("_", " ")) },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}

/** Mentor-student assignments and cohorts. */
export function AssignmentsPage() {
  const changed = useAssignmentsChanged();
  const [cohort, setCohort] = useState("");
  const list = useAssignments(cohort);
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const remove = useMutation({
    mutationFn: (a: Assignment) =>
      unwrap(feedbackApi.DELETE("/v1/assignments/{assignment_id}", { params: { path: { assignment_id: a.id } } })),
    onSuccess: (_, a) => {
      void changed();
      const mentor = a.mentor.name ?? a.mentor.email;
      const student = a.student.name ?? a.student.email;
      toast({
        message: `Removed: ${mentor} is no longer ${student}'s mentor.`,
        undo: {
          run: async () => {
            await unwrap(
              feedbackApi.POST("/v1/assignments", {
                body: { mentor_id: a.mentor.id, student_id: a.student.id, cohort: a.cohort ?? null },
              }),
            );
            await changed();
          },
          done: `Undone: ${mentor} is ${student}'s mentor again.`,
        },
      });
    },
  });
  const askRemove = async (a: Assignment) => {
    const mentor = a.mentor.name ?? a.mentor.email;
    const student = a.student.name ?? a.student.email;
    const yes = await confirm({
      title: `Remove ${mentor} as ${student}'s mentor?`,
      body: `${mentor} will no longer see ${student}'s feedback or write new feedback for them. Feedback already written is kept.`,
      confirmLabel: "Remove",
    });
    if (yes) remove.mutate(a);
  };
  const cohorts = [...new Set((list.data?.items ?? []).map((a) => a.cohort).filter(Boolean))] as string[];
  return (
    <section aria-labelledby="assignments-title">
      <h1 id="assignments-title">Assignments and cohorts</h1>
      <AssignForm />
      <ImportAssignments />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="cohort-filter">Cohort</label>
          <input id="cohort-filter" list="cohort-list" value={cohort} onChange={(e) => setCohort(e.target.value)} placeholder="All cohorts" />
          <datalist id="cohort-list">
            {cohorts.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </div>
      </div>
      {cohorts.includes(cohort) ? <CohortAverages cohort={cohort} /> : null}
      <ErrorMessage error={remove.error} />
      {dialog}
      <QueryView query={list} isEmpty={(data) => data.items.length === 0} empty="No assignments.">
        {(data) => (
          <DataTable<Assignment>
            rows={data.items}
            rowKey={(a) => a.id}
            columns={[
              { header: "Mentor", cell: (a) => a.mentor.name ?? a.mentor.email },
              {
                header: "Student",
                cell: (a) => <Link to={`/mentor/students/${a.student.id}`}>{a.student.name ?? a.student.email}</Link>,
              },
              { header: "Cohort", cell: (a) => a.cohort ?? "—" },
              { header: "Since", cell: (a) => formatDate(a.created_at) },
              {
                header: "Actions",
                hideHeader: true,
                cell: (a) => (
                  <button type="button" className="button-link" onClick={() => void askRemove(a)} disabled={remove.isPending}>
                    Remove<span className="visually-hidden"> {a.mentor.name} → {a.student.name}</span>
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
