/**
 * A feedback's thread: the student, the mentor who wrote it and admins write messages (Markdown,
 * rendered and sanitised by the feedback service), edit their own for 10 minutes, delete with a
 * confirmation. In the composer Enter makes a new line and Ctrl/Cmd+Enter sends.
 */
import { useEffect, useId, useState, type KeyboardEvent } from "react";

import { useConfirm } from "../../components/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
import { t } from "../../i18n";
import { formatDateTime } from "../../lib/format";
import {
  useDeleteMessage,
  useEditMessage,
  usePostMessage,
  useThread,
  type ThreadMessage,
} from "../../queries/threads";
import "./thread.css";

export const BODY_MAX = 5000;
const ROLE_LABEL = { student: "thread.roles.student", mentor: "thread.roles.mentor", admin: "thread.roles.admin" } as const;

/** Ctrl+Enter or Cmd+Enter: the composer's "send" (plain Enter stays a new line). */
export function isSendKey(event: KeyboardEvent) {
  return event.key === "Enter" && (event.ctrlKey || event.metaKey);
}

/** Re-renders every `ms` so edit windows close on screen without a reload. */
function useNow(ms = 15_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

function MessageText({ message }: { message: ThreadMessage }) {
  if (message.deleted || message.html === null) {
    return <p className="thread-tombstone">{t("thread.deleted")}</p>;
  }
  // The feedback service renders a small Markdown subset and sanitises it (nh3): no script, no
  // event handler, links only to http, https and mailto.
  return <div className="thread-body" dangerouslySetInnerHTML={{ __html: message.html }} />;
}

function Editor({
  initial,
  label,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initial: string;
  label: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const id = useId();
  const [body, setBody] = useState(initial);
  const ready = body.trim().length > 0 && body.length <= BODY_MAX && !pending;
  const submit = async () => {
    if (!ready) return;
    await onSubmit(body);
    if (!onCancel) setBody("");
  };
  return (
    <form
      className="thread-composer"
      onSubmit={(event) => {
        event.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={onCancel ? 3 : 4}
        maxLength={BODY_MAX}
        value={body}
        aria-describedby={`${id}-hint`}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (isSendKey(event)) {
            event.preventDefault();
            void submit().catch(() => undefined);
          } else if (event.key === "Escape" && onCancel) {
            event.preventDefault();
            onCancel();
          }
        }}
      />
      <p id={`${id}-hint`} className="hint">
        {t("thread.hint")}{" "}
        <span className="thread-count">
          {body.length}/{BODY_MAX}
        </span>
      </p>
      <div className="thread-actions">
        <button type="submit" className="button-primary" disabled={!ready}>
          {pending ? t("thread.sending") : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t("common.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}

function MessageItem({ feedbackId, message, now }: { feedbackId: string; message: ThreadMessage; now: number }) {
  const [editing, setEditing] = useState(false);
  const edit = useEditMessage(feedbackId);
  const remove = useDeleteMessage(feedbackId);
  const [dialog, confirm] = useConfirm();
  const editable =
    !message.deleted && message.editable_until !== null && new Date(message.editable_until).getTime() > now;

  const askDelete = async () => {
    const yes = await confirm({
      title: t("thread.deleteTitle"),
      body: t("thread.deleteBody"),
      confirmLabel: t("thread.delete"),
    });
    if (yes) remove.mutate(message.id);
  };

  return (
    <li className={`thread-message thread-${message.author_role}`} data-testid="thread-message">
      <header className="thread-meta">
        <strong>{message.author_name ?? t("thread.someone")}</strong>
        <span className="thread-role">{t(ROLE_LABEL[message.author_role])}</span>
        <time dateTime={message.created_at}>{formatDateTime(message.created_at)}</time>
        {message.edited && !message.deleted ? (
          <span className="thread-edited" title={t("thread.editedAt", { date: formatDateTime(message.edited_at) })}>
            {t("thread.edited")}
          </span>
        ) : null}
      </header>
      {editing ? (
        <Editor
          initial={message.body ?? ""}
          label={t("thread.editLabel")}
          submitLabel={t("thread.save")}
          pending={edit.isPending}
          onSubmit={async (body) => {
            await edit.mutateAsync({ id: message.id, body });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <MessageText message={message} />
      )}
      <ErrorMessage error={edit.error ?? remove.error} />
      {!editing && (editable || message.can_delete) ? (
        <div className="thread-actions">
          {editable ? (
            <button type="button" className="button-link" onClick={() => setEditing(true)}>
              {t("thread.edit")}
            </button>
          ) : null}
          {message.can_delete ? (
            <button type="button" className="button-link thread-delete" onClick={() => void askDelete()}>
              {t("thread.delete")}
            </button>
          ) : null}
        </div>
      ) : null}
      {dialog}
    </li>
  );
}

export function Thread({ feedbackId }: { feedbackId: string }) {
  const thread = useThread(feedbackId);
  const post = usePostMessage(feedbackId);
  const now = useNow();

  return (
    <section className="card thread" aria-labelledby="thread-title">
      <h2 id="thread-title">{t("thread.title")}</h2>
      {thread.isPending ? <Loading label={t("thread.loading")} /> : null}
      <ErrorMessage error={thread.error} title={t("thread.loadFailed")} />
      {thread.data ? (
        <>
          {thread.data.messages.length === 0 ? (
            <Empty>{t("thread.empty")}</Empty>
          ) : (
            <ol className="thread-list" aria-label={t("thread.messages")}>
              {thread.data.messages.map((message) => (
                <MessageItem key={message.id} feedbackId={feedbackId} message={message} now={now} />
              ))}
            </ol>
          )}
          {thread.data.can_post ? (
            <>
              <ErrorMessage error={post.error} />
              <Editor
                initial=""
                label={t("thread.writeLabel")}
                submitLabel={t("thread.send")}
                pending={post.isPending}
                onSubmit={(body) => post.mutateAsync(body)}
              />
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
