import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type FeedbackRequest = components["schemas"]["RequestOut"];
export type RequestState = FeedbackRequest["state"];
export type RequestInput = components["schemas"]["RequestIn"];
export type Attention = components["schemas"]["AttentionOut"];

/** The caller's requests: a student's own, those addressed to a mentor, all for admins. */
export function useRequests(state?: RequestState) {
  return useQuery({
    queryKey: [...keys.requests.all, "list", state ?? null],
    queryFn: () => unwrap(feedbackApi.GET("/v1/requests", { params: { query: { state } } })),
  });
}

/** What waits for the mentor: unanswered threads, unacknowledged feedback, open requests. */
export function useAttention() {
  return useQuery({
    queryKey: [...keys.requests.all, "attention"],
    queryFn: () => unwrap(feedbackApi.GET("/v1/mentor/attention")),
  });
}

export function useRequestSummary() {
  return useQuery({
    queryKey: [...keys.requests.all, "summary"],
    queryFn: () => unwrap(feedbackApi.GET("/v1/admin/requests/summary")),
  });
}

function useRequestsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.requests.all });
}

export function useAskForFeedback() {
  const changed = useRequestsChanged();
  return useMutation({
    mutationFn: (body: RequestInput) => unwrap(feedbackApi.POST("/v1/requests", { body })),
    onSuccess: changed,
  });
}

export function useCancelRequest() {
  const changed = useRequestsChanged();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(feedbackApi.POST("/v1/requests/{request_id}/cancel", { params: { path: { request_id: id } } })),
    onSuccess: changed,
  });
}

/** The mentor starts the feedback of a request: a draft titled like it, linked to it. */
export function useWriteFromRequest() {
  const changed = useRequestsChanged();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(feedbackApi.POST("/v1/requests/{request_id}/feedback", { params: { path: { request_id: id } } })),
    onSuccess: changed,
  });
}
