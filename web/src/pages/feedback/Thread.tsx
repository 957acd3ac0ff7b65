/**
 * A feedback's thread: the student, the mentor who wrote it and admins write messages (Markdown,
 * rendered and sanitised by the feedback service), edit their own for 10 minutes, delete with a
 * confirmation. In the composer Enter makes a new line and Ctrl/Cmd+Enter sends.
 */
import { useEffect, useId, useState, type KeyboardEvent } from "react";

import { useConfirm } from "../../components/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../../components/feedback";
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
const ROLE_LABEL = { student: "Student", mentor: "Mentor", admin: "Admin" } as const;

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
    return <p className="thread-tombstone">Message deleted</p>;
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
        **bold**, _italic_, [link](https://…), lists and `code` work. Ctrl+Enter (⌘+Enter) sends.{" "}
        <span className="thread-count">
          {body.length}/{BODY_MAX}
        </span>
      </p>
      <div className="thread-actions">
        <button type="submit" className="button-primary" disabled={!ready}>
          {pending ? "Sending…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
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
      title: "Delete this message?",
      body: "Its text is removed for everyone; the thread shows “Message deleted” in its place.",
      confirmLabel: "Delete",
    });
    if (yes) remove.mutate(message.id);
  };

  return (
    <li className={`thread-message thread-${message.author_role}`} data-testid="thread-message">
      <header className="thread-meta">
        <strong>{message.author_name ?? "Someone"}</strong>
        <span className="thread-role">{ROLE_LABEL[message.author_role]}</span>
        <time dateTime={message.created_at}>{formatDateTime(message.created_at)}</time>
        {message.edited && !message.deleted ? (
          <span className="thread-edited" title={`Edited ${formatDateTime(message.edited_at)}`}>
            edited
          </span>
        ) : null}
      </header>
      {editing ? (
        <Editor
          initial={message.body ?? ""}
          label="Edit your message"
          submitLabel="Save"
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
              Edit
            </button>
          ) : null}
          {message.can_delete ? (
            <button type="button" className="button-link thread-delete" onClick={() => void askDelete()}>
              Delete
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
      <h2 id="thread-title">Conversation</h2>
      {thread.isPending ? <Loading label="Loading the conversation…" /> : null}
      <ErrorMessage error={thread.error} title="The conversation could not be loaded." />
      {thread.data ? (
        <>
          {thread.data.messages.length === 0 ? (
            <Empty>No messages yet.</Empty>
          ) : (
            <ol className="thread-list" aria-label="Messages">
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
                label="Write a message"
                submitLabel="Send"
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
