/** The one address of a feedback in the app (and in every email that links to one). */
export function feedbackPath(id: string): string {
  return `/feedback/${encodeURIComponent(id)}`;
}
