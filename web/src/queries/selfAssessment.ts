import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type SelfAssessment = components["schemas"]["SelfAssessmentOut"];
export type SelfAssessmentIn = components["schemas"]["SelfAssessmentIn"];
export type CohortSelfAssessment = components["schemas"]["CohortSelfAssessment"];
export type SelfAssessmentBeside = components["schemas"]["FeedbackSelfAssessment"];

/** Under the feedback keys: a publish (which locks one) refreshes them. */
const mineKey = [...keys.feedback.all, "self-assessments", "mine"] as const;
const besideKey = (feedbackId: string | null, studentId: string) =>
  [...keys.feedback.all, "self-assessments", "beside", feedbackId, studentId] as const;

/** My cohorts that ask for a self-assessment, with the rubric and my open one; my locked ones. */
export function useMySelfAssessments() {
  return useQuery({
    queryKey: mineKey,
    queryFn: () => unwrap(feedbackApi.GET("/v1/self-assessments/mine")),
  });
}

export function useSaveSelfAssessment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SelfAssessmentIn) => unwrap(feedbackApi.PUT("/v1/self-assessments/mine", { body })),
    onSettled: () => client.invalidateQueries({ queryKey: mineKey }),
  });
}

/** The student's self-assessment beside a feedback (or, before the draft exists, the student's). */
export function useSelfAssessmentBeside(feedbackId: string | null, studentId: string) {
  return useQuery({
    queryKey: besideKey(feedbackId, studentId),
    enabled: feedbackId !== null || studentId !== "",
    queryFn: () =>
      feedbackId
        ? unwrap(
            feedbackApi.GET("/v1/feedback/{feedback_id}/self-assessment", {
              params: { path: { feedback_id: feedbackId } },
            }),
          )
        : unwrap(
            feedbackApi.GET("/v1/self-assessments/students/{student_id}", {
              params: { path: { student_id: studentId } },
            }),
          ),
  });
}
