import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type QueueItem = components["schemas"]["QueueItem"];
export type BulkResult = components["schemas"]["BulkResult"];

/** The grading queue's key: under the feedback lists, so any feedback change refreshes it. */
export const queueKey = (cohort: string) => [...keys.feedback.lists, "grading-queue", cohort] as const;

/** My students of `cohort` ("" for all) with their state this cycle. */
export function useGradingQueue(cohort: string) {
  return useQuery({
    queryKey: queueKey(cohort),
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/grading/queue", { params: { query: cohort ? { cohort } : {} } })),
  });
}

/** Publish several drafts, each as its own publish; the answer says which went and why not. */
export function useBulkPublish() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) =>
      unwrap(feedbackApi.POST("/v1/grading/publish", { body: { feedback_ids: ids } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.feedback.all }),
  });
}

/** A new draft for the student, copied from my last published feedback for them. */
export function useStartFromLast() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (studentId: string) =>
      unwrap(feedbackApi.POST("/v1/grading/start", { body: { student_id: studentId } })),
    onSuccess: (created) => {
      client.setQueryData(keys.feedback.one(created.id), created);
      void client.invalidateQueries({ queryKey: keys.feedback.lists });
    },
  });
}
