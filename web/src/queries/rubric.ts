import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { CohortSettingsIn, Rubric, RubricIn } from "../api/types";
import { keys } from "./keys";

/** The default rubric, or a rubric of the library. */
export const DEFAULT_RUBRIC = "default";

function remember(client: ReturnType<typeof useQueryClient>, rubric: Rubric) {
  if (rubric.rubric_id === DEFAULT_RUBRIC) client.setQueryData(keys.rubric.current, rubric);
  client.setQueryData(keys.rubric.version(rubric.version), rubric);
  void client.invalidateQueries({ queryKey: keys.rubric.library });
}

/** Save the default rubric as its next version; the new version becomes the current one in the cache. */
export function useSaveRubric() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricIn) => unwrap(feedbackApi.PUT("/v1/rubric", { body })),
    onSuccess: (rubric) => remember(client, rubric),
  });
}

/** Every rubric of the library (archived ones too), the default one first. */
export function useRubricLibrary() {
  return useQuery({ queryKey: keys.rubric.library, queryFn: () => unwrap(feedbackApi.GET("/v1/rubrics")) });
}

export function useLibraryRubric(rubricId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.rubric.entry(rubricId),
    enabled,
    queryFn: () => unwrap(feedbackApi.GET("/v1/rubrics/{rubric_id}", { params: { path: { rubric_id: rubricId } } })),
  });
}

/** A new rubric of the library, `body` its first version (also how a JSON file is imported as a new rubric). */
export function useCreateRubric() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricIn) => unwrap(feedbackApi.POST("/v1/rubrics", { body })),
    onSuccess: (created) => {
      client.setQueryData(keys.rubric.entry(created.id), created);
      void client.invalidateQueries({ queryKey: keys.rubric.library });
    },
  });
}

/** Save a library rubric as its next version (the default rubric through its own route). */
export function useSaveLibraryVersion(rubricId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricIn) =>
      rubricId === DEFAULT_RUBRIC
        ? unwrap(feedbackApi.PUT("/v1/rubric", { body }))
        : unwrap(
            feedbackApi.POST("/v1/rubrics/{rubric_id}/versions", { params: { path: { rubric_id: rubricId } }, body }),
          ),
    onSuccess: (rubric) => remember(client, rubric),
  });
}

type LibraryAction = { rubricId: string; action: "archive" | "restore" } | { rubricId: string; action: "rename"; name: string };

/** Rename, archive or restore a library rubric. */
export function useChangeLibraryRubric() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (change: LibraryAction) => {
      const params = { path: { rubric_id: change.rubricId } };
      if (change.action === "rename")
        return unwrap(feedbackApi.PATCH("/v1/rubrics/{rubric_id}", { params, body: { name: change.name } }));
      if (change.action === "archive") return unwrap(feedbackApi.POST("/v1/rubrics/{rubric_id}/archive", { params }));
      return unwrap(feedbackApi.POST("/v1/rubrics/{rubric_id}/restore", { params }));
    },
    onSuccess: (entry) => {
      client.setQueryData(keys.rubric.entry(entry.id), entry);
      void client.invalidateQueries({ queryKey: keys.rubric.library });
      void client.invalidateQueries({ queryKey: keys.cohorts.all });
    },
  });
}

/** The rubric new feedback for this student is written with (their cohort's, or the default one). */
export function useRubricForStudent(studentId: string | undefined) {
  return useQuery({
    queryKey: keys.rubric.forStudent(studentId),
    enabled: Boolean(studentId),
    queryFn: () =>
      unwrap(
        feedbackApi.GET("/v1/rubric/for-student/{student_id}", { params: { path: { student_id: studentId ?? "" } } }),
      ),
  });
}

/** Every cohort (of the assignments, or already set) with its settings. */
export function useCohorts() {
  return useQuery({ queryKey: keys.cohorts.all, queryFn: () => unwrap(feedbackApi.GET("/v1/cohorts")) });
}

export function useSaveCohortSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ cohort, body }: { cohort: string; body: CohortSettingsIn }) =>
      unwrap(feedbackApi.PUT("/v1/cohorts/{cohort}/settings", { params: { path: { cohort } }, body })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.cohorts.all });
      void client.invalidateQueries({ queryKey: keys.rubric.all });
    },
  });
}
