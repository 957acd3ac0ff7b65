/**
 * Every react-query key of the app, from one factory: a resource's keys all start with its `all`,
 * so invalidating `keys.users.all` refreshes every page of users, and no string repeats by hand.
 */
type Query = Record<string, unknown>;

export const keys = {
  me: { all: ["me"] as const },
  sessions: { all: ["sessions"] as const },
  users: {
    all: ["users"] as const,
    list: (query: Query) => ["users", "list", query] as const,
    search: (text: string, role: string | undefined) => ["users", "search", role ?? null, text] as const,
  },
  audit: {
    all: ["audit"] as const,
    list: (query: Query) => ["audit", "list", query] as const,
  },
  feedback: {
    all: ["feedback"] as const,
    lists: ["feedback", "list"] as const,
    list: (query: Query) => ["feedback", "list", query] as const,
    one: (id: string) => ["feedback", "one", id] as const,
    history: (id: string) => ["feedback", "history", id] as const,
    thread: (id: string) => ["feedback", "thread", id] as const,
  },
  comments: {
    all: ["comments"] as const,
    list: (q: string) => ["comments", "list", q] as const,
  },
  requests: { all: ["requests"] as const },
  rubric: {
    all: ["rubric"] as const,
    current: ["rubric", "current"] as const,
    version: (version: number | undefined) => ["rubric", "version", version] as const,
    library: ["rubric", "library"] as const,
    entry: (id: string) => ["rubric", "library", id] as const,
    forStudent: (studentId: string | undefined) => ["rubric", "student", studentId] as const,
  },
  cohorts: { all: ["cohorts"] as const },
  trends: {
    all: ["trends"] as const,
    student: (studentId: string | undefined) => ["trends", "student", studentId] as const,
    cohort: (cohort: string) => ["trends", "cohort", cohort] as const,
  },
  assignments: {
    all: ["assignments"] as const,
    list: (cohort: string | undefined) => ["assignments", "list", cohort ?? null] as const,
  },
  preferences: {
    all: ["preferences"] as const,
    mine: ["preferences", "me"] as const,
  },
  emailStatus: { all: ["email-status"] as const },
  deliveries: {
    all: ["deliveries"] as const,
    list: (status: string) => ["deliveries", "list", status] as const,
  },
  readiness: { of: (service: string) => ["readiness", service] as const },
};
