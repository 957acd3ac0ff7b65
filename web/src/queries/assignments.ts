import { useQuery, useQueryClient } from "@tanstack/react-query";

import { feedbackApi, unwrap } from "../api/client";
import { keys } from "./keys";

/** Assignments the signed-in user may see (a mentor: their own), optionally of one cohort. */
export function useAssignments(cohort?: string) {
  return useQuery({
    queryKey: keys.assignments.list(cohort || undefined),
    queryFn: () => unwrap(feedbackApi.GET("/v1/assignments", { params: { query: { cohort: cohort || undefined } } })),
  });
}

export function useAssignmentsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.assignments.all });
}
