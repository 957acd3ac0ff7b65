/** Edits made readable: a text change as a word diff, a score change as "Code quality: 3 → 4". */
import { diffWords } from "diff";

import { t } from "../i18n";

export interface Piece {
  text: string;
  kind: "same" | "added" | "removed";
}

/** The words of `before` and `after` in reading order, each kept, added or removed. */
export function wordDiff(before: string, after: string): Piece[] {
  return diffWords(before, after).map((change) => ({
    text: change.value,
    kind: change.added ? "added" : change.removed ? "removed" : "same",
  }));
}

export interface ScoreChange {
  key: string;
  /** The criterion's name in the feedback's rubric version (its key if that version lacks it). */
  name: string;
  before: number | null;
  after: number | null;
}

type Scores = Record<string, number> | null | undefined;

/**
 * The criteria whose score changed, in the rubric's order (then any key the rubric does not
 * know), each with its name. `criteria` is the rubric version the feedback was written with.
 */
export function scoreChanges(before: Scores, after: Scores, criteria: { key: string; name: string }[] = []): ScoreChange[] {
  const old = before ?? {};
  const now = after ?? {};
  const known = criteria.map((c) => c.key);
  const keys = [...new Set([...known, ...Object.keys(old), ...Object.keys(now)])];
  return keys.flatMap((key) => {
    const was = old[key] ?? null;
    const is = now[key] ?? null;
    if (was === is) return [];
    return [{ key, name: criteria.find((c) => c.key === key)?.name ?? key, before: was, after: is }];
  });
}

/** A value's change as "3 → 4", with "none" for a value not given. */
export function arrow(before: number | string | null, after: number | string | null): string {
  const shown = (value: number | string | null) => (value === null || value === "" ? t("history.noValue") : String(value));
  return `${shown(before)} → ${shown(after)}`;
}
