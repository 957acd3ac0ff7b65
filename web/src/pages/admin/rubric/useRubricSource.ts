import { useMutation, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../../../api/client";
import type { Rubric, RubricIn } from "../../../api/types";
import { ApiError } from "../../../lib/problem";
import { useCurrentRubric } from "../../../queries/feedback";
import { keys } from "../../../queries/keys";
import { DEFAULT_RUBRIC, useLibraryRubric, useRubricLibrary } from "../../../queries/rubric";

/** The route's id of a rubric not saved yet. */
export const NEW_RUBRIC = "new";

export type Saved = Rubric & { created?: string };

/**
 * What the rubric editor edits: the default rubric (`/admin/rubric`), a rubric of the library
 * (`/admin/rubrics/:rubricId`) or a new one (`/admin/rubrics/new`), and how it saves: a new version
 * of that rubric, or a new rubric of the library (`created` then names it).
 */
export function useRubricSource(rubricId: string) {
  const client = useQueryClient();
  const isDefault = rubricId === DEFAULT_RUBRIC;
  const isNew = rubricId === NEW_RUBRIC;
  const current = useCurrentRubric();
  const entry = useLibraryRubric(rubricId, { enabled: !isDefault && !isNew });
  const library = useRubricLibrary();
  // Version numbers run across the whole library: the next one follows the highest of any rubric.
  const highest = Math.max(0, ...(library.data?.items ?? []).map((r) => r.current?.version ?? 0));
  const save = useMutation({
    mutationFn: async (body: RubricIn): Promise<Saved> => {
      if (isNew) {
        const created = await unwrap(feedbackApi.POST("/v1/rubrics", { body }));
        client.setQueryData(keys.rubric.entry(created.id), created);
        if (!created.current) throw new Error("the new rubric has no version");
        return { ...created.current, created: created.id };
      }
      if (isDefault) return unwrap(feedbackApi.PUT("/v1/rubric", { body }));
      const params = { path: { rubric_id: rubricId } };
      return unwrap(feedbackApi.POST("/v1/rubrics/{rubric_id}/versions", { params, body }));
    },
    onSuccess: (rubric) => {
      if (rubric.rubric_id === DEFAULT_RUBRIC) client.setQueryData(keys.rubric.current, rubric);
      client.setQueryData(keys.rubric.version(rubric.version), rubric);
      void client.invalidateQueries({ queryKey: keys.rubric.library });
    },
  });
  const next = (own: number | undefined) => Math.max(highest, own ?? 0) + 1;
  if (isNew) {
    return { isNew, save, next: next(0), archived: false, data: undefined, isPending: false, error: null, missing: true };
  }
  if (isDefault) {
    const missing = current.error instanceof ApiError && current.error.status === 404;
    const { data, isPending, error } = current;
    return { isNew, save, next: next(data?.version), archived: false, data, isPending, error, missing };
  }
  return {
    isNew,
    save,
    next: next(entry.data?.current?.version),
    archived: entry.data?.archived ?? false,
    data: entry.data?.current ?? undefined,
    name: entry.data?.name,
    isPending: entry.isPending,
    error: entry.error,
    missing: entry.data !== undefined && !entry.data.current,
  };
}
