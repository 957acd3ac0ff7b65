import { useTranslation } from "react-i18next";

import type { components } from "../../api/feedback";
import { QueryView } from "../../components/QueryView";
import { arrow, scoreChanges, wordDiff } from "../../lib/diff";
import { formatDateTime } from "../../lib/format";
import { useFeedback, useFeedbackHistory, useRubricVersion } from "../../queries/feedback";

type Change = components["schemas"]["Change"];

/** The fields an edit can change, in the order the feedback shows them (labels: history.fields.*). */
const ORDER = ["title", "scores", "criterion_comments", "overall_rating", "strengths", "improvements", "comments"] as const;
type Field = (typeof ORDER)[number];
const isField = (field: string): field is Field => (ORDER as readonly string[]).includes(field);
/** Fields in the order the feedback shows them; any other after them. */
const rank = (field: string) => (isField(field) ? ORDER.indexOf(field) : ORDER.length);

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : String(value);
}

function scores(value: unknown): Record<string, number> | null {
  return value && typeof value === "object" ? (value as Record<string, number>) : null;
}

function commentMap(value: unknown): Record<string, string> {
  return value && typeof value === "object" ? (value as Record<string, string>) : {};
}

/** A text field's change as its words: removed ones struck through, added ones marked. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const pieces = wordDiff(before, after);
  return (
    <span className="prose word-diff">
      {pieces.map((piece, index) => {
        if (piece.kind === "same") return <span key={index}>{piece.text}</span>;
        if (piece.kind === "removed") {
          return (
            <del key={index}>
              <span className="visually-hidden">{t("history.removed")}</span>
              {piece.text}
            </del>
          );
        }
        // A word replaced by another: a space between them, so "calm patient" does not read "calmpatient".
        const replaced = pieces[index - 1]?.kind === "removed" && !/^\s/.test(piece.text);
        return (
          <span key={index}>
            {replaced ? " " : null}
            <ins>
              <span className="visually-hidden">{t("history.added")}</span>
              {piece.text}
            </ins>
          </span>
        );
      })}
    </span>
  );
}

function ChangeLines({ field, change, criteria }: { field: string; change: Change; criteria: { key: string; name: string }[] }) {
  const { t } = useTranslation();
  if (field === "scores") {
    const lines = scoreChanges(scores(change.before), scores(change.after), criteria);
    return (
      <>
        {lines.map((line) => (
          <li key={`scores.${line.key}`} data-testid="history-change">
            <strong>{line.name}</strong>: {arrow(line.before, line.after)}
          </li>
        ))}
      </>
    );
  }
  if (field === "criterion_comments") {
    const before = commentMap(change.before);
    const after = commentMap(change.after);
    const changedKeys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => (before[k] ?? "") !== (after[k] ?? ""));
    const order = (k: string) => {
      const at = criteria.findIndex((c) => c.key === k);
      return at < 0 ? criteria.length : at;
    };
    return (
      <>
        {changedKeys
          .sort((a, b) => order(a) - order(b))
          .map((k) => (
            <li key={`comment.${k}`} data-testid="history-change">
              <strong>{t("history.criterionComment", { name: criteria.find((c) => c.key === k)?.name ?? k })}</strong>
              {": "}
              <WordDiff before={before[k] ?? ""} after={after[k] ?? ""} />
            </li>
          ))}
      </>
    );
  }
  const label = isField(field) ? t(`history.fields.${field}`) : field;
  if (field === "overall_rating") {
    return (
      <li data-testid="history-change">
        <strong>{label}</strong>: {arrow(text(change.before), text(change.after))}
      </li>
    );
  }
  return (
    <li data-testid="history-change">
      <strong>{label}</strong>
      {": "}
      {!text(change.before) && !text(change.after) ? t("history.empty") : <WordDiff before={text(change.before)} after={text(change.after)} />}
    </li>
  );
}

/** Every edit of a published feedback: who, when, and what changed, in words. Staff only. */
export function FeedbackHistory({ id }: { id: string }) {
  const { t } = useTranslation();
  const query = useFeedbackHistory(id);
  // Both already loaded by the feedback's page: the rubric version gives the criteria their names.
  const feedback = useFeedback(id);
  const rubric = useRubricVersion(feedback.data?.rubric_version);
  const criteria = rubric.data?.criteria ?? [];
  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">{t("history.title")}</h2>
      <QueryView query={query} isEmpty={(data) => data.revisions.length === 0} empty={t("history.none")}>
        {(data) => (
          <ol className="history">
            {data.revisions.map((revision) => (
              <li key={revision.id} data-testid="history-revision">
                <p className="meta">
                  {t("history.by", { date: formatDateTime(revision.edited_at), editor: revision.editor_name ?? t("history.someone") })}
                </p>
                <ul>
                  {Object.entries(revision.changes)
                    .sort(([a], [b]) => rank(a) - rank(b))
                    .map(([field, change]) => (
                      <ChangeLines key={field} field={field} change={change} criteria={criteria} />
                    ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </QueryView>
    </section>
  );
}
