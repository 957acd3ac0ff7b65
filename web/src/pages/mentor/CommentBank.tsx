/**
 * The comment bank beside the feedback editor: the mentor's own reusable comments and the shared
 * ones admins curate, most used first. A click (or Enter) on a comment inserts its text at the
 * cursor of the text field last focused (Strengths, Areas to improve, Comments) and counts a use;
 * Alt+C jumps to the search; "Save as a comment" keeps the selected text (or the whole field) for
 * next time. The fields opt in with `data-comment-target="<draft field>"`.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

import { describeError } from "../../lib/problem";
import { useAddComment, useCommentUsed, useComments, type BankComment } from "../../queries/comments";
import "./comments.css";

export const TEXT_MAX = 1000;
export const SHORTCUT = "Alt+C";

type Target = { element: HTMLTextAreaElement; start: number; end: number };

function isTarget(node: EventTarget | null): node is HTMLTextAreaElement {
  return node instanceof HTMLTextAreaElement && Boolean(node.dataset.commentTarget);
}

/** `value` with `text` put in place of its [start, end) range. */
export function insertText(value: string, text: string, start: number, end: number): string {
  return value.slice(0, start) + text + value.slice(end);
}

type Props = {
  /** Set the draft's `field` to `value` (the field's text with the comment inserted). */
  onInsert: (field: string, value: string) => void;
};

export function CommentBank({ onInsert }: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const last = useRef<Target | null>(null);
  const titleId = useId();
  const comments = useComments(q);
  const used = useCommentUsed();
  const add = useAddComment();

  // Remember the text field last focused, and where its cursor was when focus left it.
  useEffect(() => {
    const remember = (event: FocusEvent) => {
      if (!isTarget(event.target)) return;
      const element = event.target;
      last.current = { element, start: element.selectionStart, end: element.selectionEnd };
    };
    const shortcut = (event: globalThis.KeyboardEvent) => {
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.code === "KeyC" || event.key.toLowerCase() === "c")) {
        event.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    document.addEventListener("focusin", remember);
    document.addEventListener("focusout", remember);
    document.addEventListener("keydown", shortcut);
    return () => {
      document.removeEventListener("focusin", remember);
      document.removeEventListener("focusout", remember);
      document.removeEventListener("keydown", shortcut);
    };
  }, []);

  const target = (): Target | null => {
    const remembered = last.current;
    if (remembered?.element.isConnected) {
      const { element } = remembered;
      if (document.activeElement === element) return { element, start: element.selectionStart, end: element.selectionEnd };
      return remembered;
    }
    const first = document.querySelector<HTMLTextAreaElement>("textarea[data-comment-target]");
    return first ? { element: first, start: first.value.length, end: first.value.length } : null;
  };

  const insert = (comment: BankComment) => {
    const into = target();
    if (!into) return;
    const { element, start, end } = into;
    const field = element.dataset.commentTarget ?? "";
    onInsert(field, insertText(element.value, comment.text, start, end));
    const cursor = start + comment.text.length;
    last.current = { element, start: cursor, end: cursor };
    // After React has rendered the new value: the cursor right after the inserted text.
    window.setTimeout(() => {
      element.focus();
      element.setSelectionRange(cursor, cursor);
    }, 0);
    const label = element.labels?.[0]?.textContent ?? field;
    setStatus({ text: t("comments.inserted", { field: label }), error: false });
    used.mutate(comment.id);
  };

  const save = async () => {
    const from = target();
    if (!from) return;
    const { element, start, end } = from;
    const text = (start !== end ? element.value.slice(start, end) : element.value).trim();
    if (!text) {
      setStatus({ text: t("comments.nothingToSave"), error: true });
      return;
    }
    if (text.length > TEXT_MAX) {
      setStatus({ text: t("comments.tooLong", { max: TEXT_MAX }), error: true });
      return;
    }
    try {
      await add.mutateAsync({ text, shared: false });
      setStatus({ text: t("comments.saved"), error: false });
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    }
  };

  const items = comments.data?.items ?? [];
  const buttons = () => [...(list.current?.querySelectorAll<HTMLButtonElement>("button.comment-insert") ?? [])];

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      buttons()[0]?.focus();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const first = items[0];
      if (first) insert(first);
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    event.preventDefault();
    const all = buttons();
    const at = all.findIndex((b) => b === document.activeElement);
    const next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) search.current?.focus();
    else all[Math.min(next, all.length - 1)]?.focus();
  };

  return (
    <aside className="comment-bank card" aria-labelledby={titleId} data-testid="comment-bank">
      <h2 id={titleId}>{t("comments.bankTitle")}</h2>
      <p className="meta">{t("comments.help", { shortcut: SHORTCUT })}</p>
      <div className="field">
        <label htmlFor={`${titleId}-q`}>{t("comments.search")}</label>
        <input
          id={`${titleId}-q`}
          ref={search}
          type="search"
          value={q}
          maxLength={200}
          aria-keyshortcuts={SHORTCUT}
          aria-describedby={`${titleId}-hint`}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <span id={`${titleId}-hint`} className="meta">
          {t("comments.searchHint", { shortcut: SHORTCUT })}
        </span>
      </div>
      {comments.isError ? <p className="field-error">{describeError(comments.error)}</p> : null}
      {comments.isPending ? <p className="meta">{t("comments.loading")}</p> : null}
      {comments.isSuccess && items.length === 0 ? (
        <p className="meta">{q.trim() ? t("comments.noMatch") : t("comments.empty")}</p>
      ) : null}
      <ul className="comment-list" ref={list} onKeyDown={onListKey} aria-label={t("comments.listLabel")}>
        {items.map((comment) => (
          <li key={comment.id}>
            <button type="button" className="comment-insert" onClick={() => insert(comment)} data-testid="bank-comment">
              <span className="comment-text">{comment.text}</span>
              <span className="comment-meta meta">
                {comment.shared ? <span className="badge">{t("comments.shared")}</span> : null}
                {comment.criterion ? <span className="badge">{comment.criterion}</span> : null}
                <span data-testid="usage-count">{t("comments.used", { count: comment.usage_count })}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void save()} disabled={add.isPending}>
        {t("comments.saveSelection")}
      </button>
      <p className={status?.error ? "field-error" : "meta"} role="status" aria-live="polite">
        {status?.text ?? ""}
      </p>
    </aside>
  );
}
