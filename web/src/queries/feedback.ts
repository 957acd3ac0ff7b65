import { useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { FeedbackItem } from "../api/types";
import { keys } from "./keys";

type ListQuery = Record<string, string | string[] | number | boolean | undefined>;

export function useFeedback(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.feedback.one(id),
    enabled,
    queryFn: () => unwrap(feedbackApi.GET("/v1/feedback/{feedback_id}", { params: { path: { feedback_id: id } } })),
  });
}

export function useFeedbackList(query: ListQuery) {
  return useQuery({
    queryKey: keys.feedback.list(query),
    queryFn: () => unwrap(feedbackApi.GET("/v1/feedback", { params: { query: query as never } })),
  });
}

export function useFeedbackHistory(id: string) {
  return useQuery({
    queryKey: keys.feedback.history(id),
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/feedback/{feedback_id}/history", { params: { path: { feedback_id: id } } })),
  });
}

/** After a change to one feedback: show the new version at once, and refresh the lists it is in. */
export function useFeedbackChanged() {
  const client = useQueryClient();
  return (item: FeedbackItem) => {
    client.setQueryData(keys.feedback.one(item.id), item);
    void client.invalidateQueries({ queryKey: keys.feedback.lists });
  };
}

export function useRubricVersion(version: number | undefined) {
  return useQuery({
    queryKey: keys.rubric.version(version),
    enabled: version !== undefined,
    staleTime: Infinity,
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/rubric/versions/{version}", { params: { path: { version: version ?? 0 } } })),
  });
}

export function useCurrentRubric() {
  return useQuery({ queryKey: keys.rubric.current, queryFn: () => unwrap(feedbackApi.GET("/v1/rubric")) });
}

export function useStudentTrend(studentId: string | undefined) {
  return useQuery({
    queryKey: keys.trends.student(studentId),
    enabled: Boolean(studentId),
    queryFn: () =>
      unwrap(
        feedbackApi.GET("/v1/students/{student_id}/trends", { params: { path: { student_id: studentId ?? "" } } }),
      ),
  });
}

export function useCohortTrend(cohort: string) {
  return useQuery({
    queryKey: keys.trends.cohort(cohort),
    queryFn: () => unwrap(feedbackApi.GET("/v1/cohorts/trends", { params: { query: { cohort } } })),
  });
}
