import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { feedbackApi, unwrap } from "../../api/client";
import type { RubricIn } from "../../api/types";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";
import { formatDate } from "../../lib/format";
import { ApiError } from "../../lib/problem";
import { useCurrentRubric } from "../../queries/feedback";
import { keys } from "../../queries/keys";

type CriterionDraft = RubricIn["criteria"][number];

function keyFrom(name: string, taken: string[]): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^[^a-z]+/, "") || "criterion";
  let key = base.slice(0, 36);
  for (let n = 2; taken.includes(key); n += 1) key = `${base.slice(0, 34)}_${n}`;
  return key;
}

/** A refused save's messages by field inside the body: "name", "criteria.2.levels.1.score". */
function fieldErrors(error: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!(error instanceof ApiError) || error.status !== 422) return out;
  const list = error.problem["errors"];
  if (!Array.isArray(list)) return out;
  for (const item of list as unknown[]) {
    if (!item || typeof item !== "object") continue;
    const { loc, msg } = item as { loc?: unknown; msg?: unknown };
    if (!Array.isArray(loc) || typeof msg !== "string") continue;
    const parts = loc.map(String);
    const path = (parts[0] === "body" ? parts.slice(1) : parts).join(".");
    out.set(path, [...(out.get(path) ?? []), msg]);
  }
  return out;
}

/** The messages of a criterion's levels, each saying which line of the levels box it is about. */
function levelMessages(errors: Map<string, string[]>, index: number): string[] {
  const prefix = `criteria.${index}.levels`;
  const out = [...(errors.get(prefix) ?? [])];
  for (const [path, messages] of errors) {
    const match = path.slice(prefix.length).match(/^\.(\d+)\.(score|label)$/);
    if (path.startsWith(prefix) && match) {
      for (const message of messages) out.push(`Line ${Number(match[1]) + 1}, ${match[2]}: ${message}`);
    }
  }
  return out;
}

function FieldMessages({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(" ")}
    </p>
  );
}

/** aria attributes tying a field to its messages. */
function invalid(id: string, messages: string[]) {
  return messages.length > 0 ? { "aria-invalid": true, "aria-describedby": id } : {};
}

/** The rubric: saving makes a new version; feedback keeps the version it was written with. */
export function RubricPage() {
  const client = useQueryClient();
  const current = useCurrentRubric();
  const [draft, setDraft] = useState<RubricIn | null>(null);
  useEffect(() => {
    if (current.data && !draft) {
      setDraft({
        name: current.data.name,
        criteria: current.data.criteria.map((c) => ({ ...c, levels: c.levels.map((l) => ({ ...l })) })),
      });
    }
  }, [current.data, draft]);
  const save = useMutation({
    mutationFn: (body: RubricIn) => unwrap(feedbackApi.PUT("/v1/rubric", { body })),
    onSuccess: (rubric) => {
      client.setQueryData(keys.rubric.current, rubric);
      client.setQueryData(keys.rubric.version(rubric.version), rubric);
    },
  });
  if (current.isPending) return <Loading />;
  if (!draft) return <ErrorMessage error={current.error} />;

  const errors = fieldErrors(save.error);
  const at = (path: string) => errors.get(path) ?? [];
  const setCriterion = (index: number, patch: Partial<CriterionDraft>) =>
    setDraft({ ...draft, criteria: draft.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)) });

  return (
    <section aria-labelledby="rubric-title">
      <h1 id="rubric-title">Rubric</h1>
      {current.data ? (
        <p className="meta">
          Version {current.data.version}, saved {formatDate(current.data.created_at)}. Saving makes version{" "}
          {current.data.version + 1}; feedback already written keeps its version.
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(draft);
        }}
      >
        <div className="field">
          <label htmlFor="rubric-name">Rubric name</label>
          <input
            id="rubric-name"
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            {...invalid("rubric-name-error", at("name"))}
          />
          <FieldMessages id="rubric-name-error" messages={at("name")} />
        </div>
        {draft.criteria.map((criterion, index) => {
          const nameErrors = [...at(`criteria.${index}.name`), ...at(`criteria.${index}.key`)];
          const minErrors = at(`criteria.${index}.scale_min`);
          const maxErrors = at(`criteria.${index}.scale_max`);
          const descErrors = at(`criteria.${index}.description`);
          const levelErrors = levelMessages(errors, index);
          return (
          <fieldset className="card" key={criterion.key}>
            <legend>Criterion {index + 1}</legend>
            <div className="field-row">
              <div className="field">
                <label htmlFor={`c-name-${index}`}>Name</label>
                <input
                  id={`c-name-${index}`}
                  required
                  value={criterion.name}
                  onChange={(e) => setCriterion(index, { name: e.target.value })}
                  {...invalid(`c-name-${index}-error`, nameErrors)}
                />
                <FieldMessages id={`c-name-${index}-error`} messages={nameErrors} />
              </div>
              <div className="field">
                <label htmlFor={`c-min-${index}`}>Lowest score</label>
                <input id={`c-min-${index}`} type="number" min={0} max={9} value={criterion.scale_min ?? 1} onChange={(e) => setCriterion(index, { scale_min: Number(e.target.value) })} {...invalid(`c-min-${index}-error`, minErrors)} />
                <FieldMessages id={`c-min-${index}-error`} messages={minErrors} />
              </div>
              <div className="field">
                <label htmlFor={`c-max-${index}`}>Highest score</label>
                <input id={`c-max-${index}`} type="number" min={1} max={10} value={criterion.scale_max ?? 5} onChange={(e) => setCriterion(index, { scale_max: Number(e.target.value) })} {...invalid(`c-max-${index}-error`, maxErrors)} />
                <FieldMessages id={`c-max-${index}-error`} messages={maxErrors} />
              </div>
            </div>
            <div className="field">
              <label htmlFor={`c-desc-${index}`}>Description</label>
              <textarea id={`c-desc-${index}`} value={criterion.description ?? ""} onChange={(e) => setCriterion(index, { description: e.target.value })} {...invalid(`c-desc-${index}-error`, descErrors)} />
              <FieldMessages id={`c-desc-${index}-error`} messages={descErrors} />
            </div>
            <div className="field">
              <label htmlFor={`c-levels-${index}`}>Level labels, one per line as “score: label”</label>
              <textarea
                id={`c-levels-${index}`}
                {...invalid(`c-levels-${index}-error`, levelErrors)}
                value={(criterion.levels ?? []).map((l) => `${l.score}: ${l.label}`).join("\n")}
                onChange={(e) =>
                  setCriterion(index, {
                    levels: e.target.value
                      .split("\n")
                      .map((line) => line.match(/^\s*(\d+)\s*:\s*(.+)$/))
                      .filter((m): m is RegExpMatchArray => m !== null)
                      .map((m) => ({ score: Number(m[1]), label: (m[2] ?? "").trim(), descriptor: "" })),
                  })
                }
              />
              <FieldMessages id={`c-levels-${index}-error`} messages={levelErrors} />
            </div>
            <button
              type="button"
              className="button-danger"
              disabled={draft.criteria.length <= 1}
              onClick={() => setDraft({ ...draft, criteria: draft.criteria.filter((_, i) => i !== index) })}
            >
              Remove “{criterion.name}”
            </button>
          </fieldset>
          );
        })}
        <FieldMessages id="criteria-error" messages={at("criteria")} />
        <div className="actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() =>
              setDraft({
                ...draft,
                criteria: [
                  ...draft.criteria,
                  { key: keyFrom("new criterion", draft.criteria.map((c) => c.key)), name: "New criterion", description: "", scale_min: 1, scale_max: 5, levels: [], weight: 1 },
                ],
              })
            }
          >
            Add a criterion
          </button>
          <button type="submit" className="button-primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save as a new version"}
          </button>
        </div>
        <ErrorMessage error={save.error} />
        {save.isSuccess ? <Notice tone="success">Saved as version {save.data.version}.</Notice> : null}
      </form>
    </section>
  );
}
