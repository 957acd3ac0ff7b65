import { useQuery } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../../api/client";

export function useFeedback(id: string) {
  return useQuery({
    queryKey: ["feedback", id],
    queryFn: () => unwrap(feedbackApi.GET("/v1/feedback/{feedback_id}", { params: { path: { feedback_id: id } } })),
  });
}

export function useRubricVersion(version: number | undefined) {
  return useQuery({
    queryKey: ["rubric", version],
    enabled: version !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/rubric/versions/{version}", { params: { path: { version: version ?? 0 } } })),
  });
}

export function useCurrentRubric() {
  return useQuery({ queryKey: ["rubric", "current"], queryFn: () => unwrap(feedbackApi.GET("/v1/rubric")) });
}

export function useStudentTrend(studentId: string | undefined) {
  return useQuery({
    queryKey: ["trend", studentId],
    enabled: Boolean(studentId),
    queryFn: () =>
      unwrap(
        feedbackApi.GET("/v1/students/{student_id}/trends", { params: { path: { student_id: studentId ?? "" } } }),
      ),
  });
}

export function useFeedbackList(query: Record<string, string | string[] | number | boolean | undefined>) {
  return useQuery({
    queryKey: ["feedback-list", query],
    queryFn: () => unwrap(feedbackApi.GET("/v1/feedback", { params: { query: query as never } })),
  });
}
