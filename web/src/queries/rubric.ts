import { useMutation, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import type { RubricIn } from "../api/types";
import { keys } from "./keys";

/** Save a rubric as its next version; the new version becomes the current one in the cache. */
export function useSaveRubric() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: RubricIn) => unwrap(feedbackApi.PUT("/v1/rubric", { body })),
    onSuccess: (rubric) => {
      client.setQueryData(keys.rubric.current, rubric);
      client.setQueryData(keys.rubric.version(rubric.version), rubric);
    },
  });
}
