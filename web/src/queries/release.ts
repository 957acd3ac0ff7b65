import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type ReleaseStatus = components["schemas"]["ReleaseOut"];
export type HeldItem = components["schemas"]["HeldItem"];
export type ReleaseResult = components["schemas"]["ReleaseResult"];

/** Under the feedback keys, so any feedback change (a publish, an edit) refreshes them. */
const statusKey = (id: string) => [...keys.feedback.all, "release", id] as const;
const heldKey = (cohort: string) => [...keys.feedback.all, "held", cohort] as const;

/** Where a feedback's release stands: a draft, scheduled, held, published. */
export function useReleaseStatus(feedbackId: string | null) {
  return useQuery({
    queryKey: statusKey(feedbackId ?? ""),
    enabled: feedbackId !== null,
    queryFn: () =>
      unwrap(
        feedbackApi.GET("/v1/feedback/{feedback_id}/release", {
          params: { path: { feedback_id: feedbackId ?? "" } },
        }),
      ),
  });
}

function useReleaseChange<T>(call: (value: T) => Promise<ReleaseStatus>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (status) => {
      client.setQueryData(statusKey(status.feedback_id), status);
      void client.invalidateQueries({ queryKey: keys.feedback.lists });
    },
  });
}

/** Schedule (or reschedule) a draft's publish for a moment (an ISO time with its offset). */
export function useSchedule(feedbackId: string) {
  return useReleaseChange((releaseAt: string) =>
    unwrap(
      feedbackApi.PUT("/v1/feedback/{feedback_id}/release/schedule", {
        params: { path: { feedback_id: feedbackId } },
        body: { release_at: releaseAt },
      }),
    ),
  );
}

export function useCancelSchedule(feedbackId: string) {
  return useReleaseChange(() =>
    unwrap(
      feedbackApi.DELETE("/v1/feedback/{feedback_id}/release/schedule", {
        params: { path: { feedback_id: feedbackId } },
      }),
    ),
  );
}

/** Release one held feedback (published and emailed once). */
export function useRelease() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (feedbackId: string) =>
      unwrap(
        feedbackApi.POST("/v1/feedback/{feedback_id}/release", {
          params: { path: { feedback_id: feedbackId } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: keys.feedback.all }),
  });
}

/** Feedback a manual post policy holds ("" for every cohort). */
export function useHeld(cohort: string) {
  return useQuery({
    queryKey: heldKey(cohort),
    queryFn: () =>
      unwrap(feedbackApi.GET("/v1/release/held", { params: { query: cohort ? { cohort } : {} } })),
  });
}

/** Release every held feedback of a cohort; the answer names what failed. */
export function useReleaseAll() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (cohort: string) => unwrap(feedbackApi.POST("/v1/release/release-all", { body: { cohort } })),
    onSettled: () => client.invalidateQueries({ queryKey: keys.feedback.all }),
  });
}
