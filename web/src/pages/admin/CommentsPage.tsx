/** `/admin/comments`: the shared comments of the comment bank, which admins add and delete. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

import { useConfirm } from "../../components/ConfirmDialog";
import { describeError } from "../../lib/problem";
import { useAddComment, useComments, useDeleteComment, type BankComment } from "../../queries/comments";
import "../mentor/comments.css";

const TEXT_MAX = 1000;

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function CommentsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [criterion, setCriterion] = useState("");
  const [q, setQ] = useState("");
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const comments = useComments(q);
  const add = useAddComment();
  const remove = useDeleteComment();
  const [dialog, confirm] = useConfirm();
  const shared = (comments.data?.items ?? []).filter((c) => c.shared);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await add.mutateAsync({ text, criterion: criterion.trim() || null, shared: true });
      setText("");
      setCriterion("");
      setStatus({ text: t("comments.added"), error: false });
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    }
  };

  const drop = async (comment: BankComment) => {
    const ok = await confirm({
      title: t("comments.deleteTitle"),
      body: t("comments.deleteBody", { text: short(comment.text) }),
      confirmLabel: t("comments.deleteLabel"),
    });
    if (!ok) return;
    try {
      await remove.mutateAsync(comment.id);
      setStatus({ text: t("comments.deleted"), error: false });
    } catch (error) {
      setStatus({ text: describeError(error), error: true });
    }
  };

  return (
    <section aria-labelledby="comments-title">
      <h1 id="comments-title">{t("comments.adminTitle")}</h1>
      <p className="meta">{t("comments.adminIntro")}</p>
      <form className="card" onSubmit={(event) => void submit(event)}>
        <div className="field">
          <label htmlFor="shared-text">{t("comments.newLabel")}</label>
          <textarea id="shared-text" required maxLength={TEXT_MAX} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="shared-criterion">{t("comments.criterionLabel")}</label>
          <input
            id="shared-criterion"
            maxLength={64}
            value={criterion}
            aria-describedby="shared-criterion-hint"
            onChange={(e) => setCriterion(e.target.value)}
          />
          <span id="shared-criterion-hint" className="meta">
            {t("comments.criterionHint")}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="button-primary" disabled={add.isPending || !text.trim()}>
            {t("comments.add")}
          </button>
        </div>
      </form>
      <p className={status?.error ? "field-error" : "meta"} role="status" aria-live="polite">
        {status?.text ?? ""}
      </p>
      <div className="card">
        <div className="field">
          <label htmlFor="shared-q">{t("comments.search")}</label>
          <input id="shared-q" type="search" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        {comments.isError ? <p className="field-error">{describeError(comments.error)}</p> : null}
        {comments.isSuccess && shared.length === 0 ? <p className="meta">{t("comments.noShared")}</p> : null}
        <ul className="shared-comments">
          {shared.map((comment) => (
            <li key={comment.id} data-testid="shared-comment">
              <span className="comment-text">{comment.text}</span>
              <span className="comment-meta meta">
                {comment.criterion ? <span className="badge">{comment.criterion}</span> : null}
                <span>{t("comments.used", { count: comment.usage_count })}</span>
                <button
                  type="button"
                  className="button-danger"
                  aria-label={t("comments.deleteAria", { text: short(comment.text) })}
                  onClick={() => void drop(comment)}
                >
                  {t("comments.deleteLabel")}
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {dialog}
    </section>
  );
}
