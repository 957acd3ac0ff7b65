import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { components } from "../api/feedback";
import { keys } from "./keys";

export type BankComment = components["schemas"]["CommentOut"];
export type NewComment = components["schemas"]["CommentIn"];
export type CommentChange = components["schemas"]["CommentPatch"];

/** The caller's comment bank (their own comments and the shared ones), most used first; `q`
 * filters it (accents and case ignored). The last list stays shown while the next one loads. */
export function useComments(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: keys.comments.list(query),
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(feedbackApi.GET("/v1/comments", { params: { query: query ? { q: query } : {} } })),
  });
}

function useBankChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.comments.all });
}

export function useAddComment() {
  const changed = useBankChanged();
  return useMutation({
    mutationFn: (body: NewComment) => unwrap(feedbackApi.POST("/v1/comments", { body })),
    onSuccess: changed,
  });
}

export function useChangeComment() {
  const changed = useBankChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CommentChange }) =>
      unwrap(feedbackApi.PATCH("/v1/comments/{comment_id}", { params: { path: { comment_id: id } }, body })),
    onSuccess: changed,
  });
}

export function useDeleteComment() {
  const changed = useBankChanged();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(feedbackApi.DELETE("/v1/comments/{comment_id}", { params: { path: { comment_id: id } } })),
    onSuccess: changed,
  });
}

/** Count one use of a comment (when the editor inserts it). */
export function useCommentUsed() {
  const changed = useBankChanged();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(feedbackApi.POST("/v1/comments/{comment_id}/used", { params: { path: { comment_id: id } } })),
    onSuccess: changed,
  });
}
