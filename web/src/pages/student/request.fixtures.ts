/** A feedback request as the service returns it, for the request pages' tests (the student's and the mentor's). */
import type { FeedbackRequest } from "../../queries/requests";

export function feedbackRequest(overrides: Partial<FeedbackRequest> = {}): FeedbackRequest {
  return {
    id: "5f0c1f7e-9d1a-4a52-9f43-2f1f3c8a9d10",
    student_id: "s-1",
    student_name: "Alex",
    mentor_id: "m-1",
    mentor_name: "Maria",
    cohort: "A",
    title: "My portfolio",
    description: "",
    link: null,
    state: "open",
    created_at: "2026-12-03T10:00:00Z",
    updated_at: "2026-12-03T10:00:00Z",
    closed_at: null,
    feedback_id: null,
    ...overrides,
  };
}
