import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type Thread = components["schemas"]["ThreadOut"];
export type ThreadMessage = components["schemas"]["MessageOut"];

/** A feedback's thread; refreshed every 20 s while open, so the other party's answer shows up. */
export function useThread(feedbackId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.feedback.thread(feedbackId),
    enabled,
    refetchInterval: 20_000,
    queryFn: () =>
      unwrap(
        feedbackApi.GET("/v1/feedback/{feedback_id}/messages", { params: { path: { feedback_id: feedbackId } } }),
      ),
  });
}

function useThreadChanged(feedbackId: string) {
  const client = useQueryClient();
  return (_message?: ThreadMessage) => client.invalidateQueries({ queryKey: keys.feedback.thread(feedbackId) });
}

export function usePostMessage(feedbackId: string) {
  const changed = useThreadChanged(feedbackId);
  return useMutation({
    mutationFn: (body: string) =>
      unwrap(
        feedbackApi.POST("/v1/feedback/{feedback_id}/messages", {
          params: { path: { feedback_id: feedbackId } },
          body: { body },
        }),
      ),
    onSuccess: changed,
  });
}

export function useEditMessage(feedbackId: string) {
  const changed = useThreadChanged(feedbackId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) =>
      unwrap(
        feedbackApi.PATCH("/v1/feedback/{feedback_id}/messages/{message_id}", {
          params: { path: { feedback_id: feedbackId, message_id: id } },
          body: { body },
        }),
      ),
    onSuccess: changed,
  });
}

export function useDeleteMessage(feedbackId: string) {
  const changed = useThreadChanged(feedbackId);
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(
        feedbackApi.DELETE("/v1/feedback/{feedback_id}/messages/{message_id}", {
          params: { path: { feedback_id: feedbackId, message_id: id } },
        }),
      ),
    onSuccess: changed,
  });
}
