import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useConfirm } from "../../components/ConfirmDialog";
import { ErrorMessage } from "../../components/feedback";
import { QueryView } from "../../components/QueryView";
import { formatDate } from "../../lib/format";
import { feedbackPath } from "../feedback/paths";
import { type FeedbackRequest, useAskForFeedback, useCancelRequest, useRequests } from "../../queries/requests";

/** A student asks their mentor for feedback, and follows their requests (cancelling open ones). */
export function RequestFeedbackPage() {
  const { t } = useTranslation();
  const requests = useRequests();
  const ask = useAskForFeedback();
  const cancel = useCancelRequest();
  const [dialog, confirm] = useConfirm();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [link, setLink] = useState("");
  const [sent, setSent] = useState(false);
  const items = requests.data?.items ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    ask.mutate(
      { title: title.trim(), description, link: link.trim() || null },
      {
        onSuccess: () => {
          setTitle("");
          setDescription("");
          setLink("");
          setSent(true);
        },
      },
    );
  };

  const cancelOne = async (request: FeedbackRequest) => {
    const yes = await confirm({
      title: t("requests.cancelTitle"),
      body: t("requests.cancelBody", { title: request.title }),
      confirmLabel: t("requests.cancel"),
      cancelLabel: t("requests.keep"),
    });
    if (yes) cancel.mutate(request.id);
  };

  return (
    <section aria-labelledby="request-title">
      <h1 id="request-title">{t("requests.askTitle")}</h1>
      <p className="meta">
        <Link to="/student">{t("requests.back")}</Link>
      </p>
      <form onSubmit={submit} className="stack" aria-label={t("requests.askTitle")}>
        <label>
          {t("requests.fieldTitle")}
          <input
            name="title"
            value={title}
            required
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
          />
        </label>
        <label>
          {t("requests.fieldDescription")}
          <textarea
            name="description"
            value={description}
            maxLength={2000}
            rows={5}
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <label>
          {t("requests.fieldLink")}
          <input
            name="link"
            type="url"
            value={link}
            maxLength={2000}
            placeholder="https://"
            onChange={(event) => setLink(event.target.value)}
          />
        </label>
        <ErrorMessage error={ask.error} />
        {sent ? (
          <p role="status" className="alert alert-success" data-testid="request-sent">
            {t("requests.sent")}
          </p>
        ) : null}
        <button type="submit" disabled={ask.isPending || !title.trim()}>
          {t("requests.send")}
        </button>
      </form>

      <h2>{t("requests.mine")}</h2>
      <ErrorMessage error={cancel.error} />
      <QueryView
        query={requests}
        loadingLabel={t("requests.loading")}
        isEmpty={() => items.length === 0}
        empty={t("requests.none")}
      >
        {() => (
          <ul className="feedback-list">
            {items.map((request) => (
              <li key={request.id} data-testid="request-item" className="feedback-item">
                <strong>{request.title}</strong>{" "}
                <span className={`badge${request.state === "open" ? " badge-new" : ""}`} data-testid="request-state">
                  {t(`requests.state.${request.state}`)}
                </span>
                <div className="meta">
                  {request.mentor_name ?? t("feedback.mentor")} · {formatDate(request.created_at)}
                </div>
                {request.state === "closed" && request.feedback_id ? (
                  <Link to={feedbackPath(request.feedback_id)}>{t("requests.openFeedback")}</Link>
                ) : null}
                {request.state === "open" ? (
                  <button type="button" className="button-secondary" onClick={() => void cancelOne(request)}>
                    {t("requests.cancel")}
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      {dialog}
    </section>
  );
}
