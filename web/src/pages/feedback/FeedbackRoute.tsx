import { Navigate, useParams } from "react-router";

import { useAuth } from "../../auth/AuthProvider";
import { FeedbackEditor } from "../mentor/FeedbackEditor";
import { FeedbackPage } from "./FeedbackPage";
import { feedbackPath } from "./paths";
import { useFeedback } from "../../queries/feedback";

/**
 * `/feedback/:id`, the one address of a feedback (emails, redirects and in-app links use it): its
 * student reads and acknowledges it, its mentor continues a draft or reads a published one with its
 * history, an admin reads and may withdraw it.
 */
export function FeedbackRoute() {
  const { id = "" } = useParams();
  const { user } = useAuth();
  const feedback = useFeedback(id);
  const item = feedback.data;
  if (user?.role === "mentor" && item?.state === "draft" && item.mentor_id === user.id) return <FeedbackEditor />;
  return <FeedbackPage />;
}

/** The older per-role addresses (`/student/feedback/:id`, `/mentor/feedback/:id`) keep working. */
export function ToFeedback() {
  const { id = "" } = useParams();
  return <Navigate to={feedbackPath(id)} replace />;
}
