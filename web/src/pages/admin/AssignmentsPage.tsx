import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { formatDate } from "../../lib/format";
import { fileUpload } from "../../lib/upload";
import { CohortAverages } from "./CohortAverages";

function AssignForm() {
  const client = useQueryClient();
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
      void client.invalidateQueries({ queryKey: ["assignments"] });
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
        <div className="field">
          <label htmlFor="assign-mentor">Mentor's email</label>
          <input id="assign-mentor" type="email" required value={mentor} onChange={(e) => setMentor(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="assign-student">Student's email</label>
          <input id="assign-student" type="email" required value={student} onChange={(e) => setStudent(e.target.value)} />
        </div>
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
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) =>
      unwrap(feedbackApi.POST("/v1/assignments/import", { params: { query: { dry_run: dryRun } }, ...fileUpload(file as File) })),
    onSuccess: (result) => {
      if (!result.dry_run) void client.invalidateQueries({ queryKey: ["assignments"] });
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
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Mentor</th>
                  <th scope="col">Student</th>
                  <th scope="col">Cohort</th>
                  <th scope="col">What happens</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.line}>
                    <th scope="row">{row.line}</th>
                    <td>{row.mentor_email}</td>
                    <td>{row.student_email}</td>
                    <td>{row.cohort ?? "—"}</td>
                    <td>{row.error ? `error: ${row.error}` : row.status.replace("_", " ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}

/** Mentor-student assignments and cohorts. */
export function AssignmentsPage() {
  const client = useQueryClient();
  const [cohort, setCohort] = useState("");
  const list = useQuery({
    queryKey: ["assignments", cohort],
    queryFn: () => unwrap(feedbackApi.GET("/v1/assignments", { params: { query: { cohort: cohort || undefined } } })),
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      unwrap(feedbackApi.DELETE("/v1/assignments/{assignment_id}", { params: { path: { assignment_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["assignments"] }),
  });
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
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error ?? remove.error} />
      {list.data && list.data.items.length === 0 ? <Empty>No assignments.</Empty> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Mentor</th>
                <th scope="col">Student</th>
                <th scope="col">Cohort</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td>{a.mentor.name ?? a.mentor.email}</td>
                  <td>
                    <Link to={`/mentor/students/${a.student.id}`}>{a.student.name ?? a.student.email}</Link>
                  </td>
                  <td>{a.cohort ?? "—"}</td>
                  <td>{formatDate(a.created_at)}</td>
                  <td>
                    <button type="button" className="button-link" onClick={() => remove.mutate(a.id)} disabled={remove.isPending}>
                      Remove<span className="visually-hidden"> {a.mentor.name} → {a.student.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
