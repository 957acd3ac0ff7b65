import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";

import { feedbackApi, unwrap } from "../../api/client";
import type { FeedbackItem } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { useConfirm } from "../../components/ConfirmDialog";
import { LazyTrendChart } from "../../components/LazyTrendChart";
import { useToast } from "../../components/Toast";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";
import { formatDateTime } from "../../lib/format";
import { FeedbackHistory } from "./FeedbackHistory";
import { FeedbackView } from "./FeedbackView";
import { Thread } from "./Thread";
import { WithdrawnPage, withdrawalOf } from "./WithdrawnPage";
import { useFeedback, useFeedbackChanged, useRubricVersion, useStudentTrend } from "../../queries/feedback";

function StudentActions({ feedback }: { feedback: FeedbackItem }) {
  const update = useFeedbackChanged();
  const { t } = useTranslation();
  const path = { params: { path: { feedback_id: feedback.id } } };
  const acknowledge = useMutation({
    mutationFn: () => unwrap(feedbackApi.POST("/v1/feedback/{feedback_id}/acknowledge", path)),
    onSuccess: update,
  });

  return (
    <section className="card" aria-labelledby="respond-title">
      <h2 id="respond-title">{t("feedbackPage.response")}</h2>
      {feedback.acknowledged_at ? (
        <Notice tone="success">{t("feedbackPage.acknowledgedOn", { date: formatDateTime(feedback.acknowledged_at) })}</Notice>
      ) : (
        <>
          <p>{t("feedbackPage.acknowledgeHint")}</p>
          <ErrorMessage error={acknowledge.error} />
          <button
            type="button"
            className="button-primary"
            onClick={() => acknowledge.mutate()}
            disabled={acknowledge.isPending}
          >
            {acknowledge.isPending ? t("common.saving") : t("feedbackPage.acknowledge")}
          </button>
        </>
      )}
    </section>
  );
}

function WithdrawForm({ feedback }: { feedback: FeedbackItem }) {
  const changed = useFeedbackChanged();
  const [reason, setReason] = useState("");
  const toast = useToast();
  const [dialog, confirm] = useConfirm();
  const { t } = useTranslation();
  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(
        feedbackApi.POST("/v1/feedback/{feedback_id}/withdraw", {
          params: { path: { feedback_id: feedback.id } },
          body: { reason },
        }),
      ),
    onSuccess: (item) => {
      changed(item);
      toast({ message: t("feedbackPage.withdrawn") });
    },
  });
  const ask = async () => {
    const yes = await confirm({
      title: t("feedbackPage.withdrawTitle", { title: feedback.title }),
      body: t("feedbackPage.withdrawBody", { student: feedback.student_name ?? t("feedbackPage.theStudent") }),
      confirmLabel: t("feedbackPage.withdraw"),
    });
    if (yes) withdraw.mutate();
  };
  return (
    <form
      className="card"
      aria-labelledby="withdraw-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) void ask();
      }}
    >
      <h2 id="withdraw-title">{t("feedbackPage.withdrawHeading")}</h2>
      <p className="meta">{t("feedbackPage.withdrawHint")}</p>
      <div className="field">
        <label htmlFor="withdraw-reason">{t("feedbackPage.reason")}</label>
        <input id="withdraw-reason" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <ErrorMessage error={withdraw.error} />
      <button type="submit" className="button-danger" disabled={withdraw.isPending || !reason.trim()}>
        {t("feedbackPage.withdraw")}
      </button>
      {dialog}
    </form>
  );
}

/**
 * One feedback, for its student (acknowledge, the conversation), its mentor and admins (edit,
 * history, the conversation); withdrawn, it says when and why.
 */
export function FeedbackPage() {
  const { id = "" } = useParams();
  const { user } = useAuth();
  const { t } = useTranslation();
  const feedback = useFeedback(id);
  const rubric = useRubricVersion(feedback.data?.rubric_version);
  const trend = useStudentTrend(feedback.data?.state === "published" ? feedback.data.student_id : undefined);

  if (feedback.isPending) return <Loading />;
  if (feedback.isError) {
    const withdrawal = withdrawalOf(feedback.error);
    if (withdrawal) return <WithdrawnPage withdrawal={withdrawal} />;
    return <ErrorMessage error={feedback.error} title={t("feedbackPage.loadFailed")} />;
  }
  const item = feedback.data;
  const staff = user?.role === "mentor" || user?.role === "admin";
  const back = user?.role === "student" ? "/student" : user?.role === "admin" ? "/admin/feedback" : "/mentor";

  return (
    <article aria-labelledby="feedback-title">
      <p className="no-print">
        <Link to={back}>← {t("feedbackPage.back")}</Link>
      </p>
      <h1 id="feedback-title">{item.title}</h1>
      {item.withdrawn_at ? <Notice tone="warning">{t("feedbackPage.withdrawnReason", { reason: item.withdrawn_reason })}</Notice> : null}
      <FeedbackView feedback={item} rubric={rubric.data} />
      {user?.role === "student" ? <StudentActions feedback={item} /> : null}
      {item.state !== "draft" ? <Thread feedbackId={item.id} /> : null}
      {trend.data ? (
        <LazyTrendChart
          trend={trend.data}
          title={
            user?.role === "student"
              ? t("feedbackPage.yourScores")
              : t("feedbackPage.studentScores", { student: item.student_name ?? t("feedbackPage.theStudent") })
          }
        />
      ) : null}
      {staff ? (
        <>
          {user?.role === "mentor" && item.mentor_id === user.id && !item.withdrawn_at ? (
            <p className="actions">
              <Link className="button-secondary" to={`/mentor/feedback/${item.id}/edit`}>
                {item.state === "draft" ? t("feedbackPage.continueDraft") : t("feedbackPage.edit")}
              </Link>
            </p>
          ) : null}
          {item.state !== "draft" ? <FeedbackHistory id={item.id} /> : null}
          {user?.role === "admin" && item.state === "published" ? <WithdrawForm feedback={item} /> : null}
        </>
      ) : null}
    </article>
  );
}
