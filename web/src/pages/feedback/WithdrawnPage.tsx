/**
 * What `/feedback/:id` shows once that feedback was withdrawn: the feedback service answers
 * 410 Gone with when and why (problem type `feedback-withdrawn`), and the old link says so
 * instead of failing.
 */
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

import { useAuth } from "../../auth/AuthProvider";
import { formatDate } from "../../lib/format";
import { ApiError } from "../../lib/problem";

export type Withdrawal = { title: string | null; withdrawnAt: string | null; reason: string | null };

/** The withdrawal a failed feedback request reports, or null when it failed for another reason. */
export function withdrawalOf(error: unknown): Withdrawal | null {
  if (!(error instanceof ApiError) || error.status !== 410 || error.slug !== "feedback-withdrawn") return null;
  const text = (value: unknown) => (typeof value === "string" && value ? value : null);
  return {
    title: text(error.problem["feedback_title"]),
    withdrawnAt: text(error.problem["withdrawn_at"]),
    reason: text(error.problem["reason"]),
  };
}

export function WithdrawnPage({ withdrawal }: { withdrawal: Withdrawal }) {
  const { user } = useAuth();
  const { t } = useTranslation();
  const back = user?.role === "student" ? "/student" : user?.role === "admin" ? "/admin/feedback" : "/mentor";
  const said = withdrawal.withdrawnAt
    ? t("withdrawn.on", { date: formatDate(withdrawal.withdrawnAt) })
    : t("withdrawn.plain");
  return (
    <article className="withdrawn-page" aria-labelledby="withdrawn-title">
      <p>
        <Link to={back}>← {t("feedbackPage.back")}</Link>
      </p>
      <h1 id="withdrawn-title">{withdrawal.title ?? t("withdrawn.title")}</h1>
      <div className="alert alert-warning" role="status">
        <p>
          {said}
          {withdrawal.reason ? (
            <>
              : <span data-testid="withdrawn-reason">{withdrawal.reason}</span>
            </>
          ) : (
            "."
          )}
        </p>
      </div>
      <p className="meta">
        {user?.role === "student"
          ? t("withdrawn.studentHint")
          : t("withdrawn.staffHint")}
      </p>
    </article>
  );
}
