import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";

import { authApi, unwrap } from "../api/client";
import type { paths } from "../api/auth";
import { keys } from "./keys";

export type UsersQuery = NonNullable<paths["/admin/users"]["get"]["parameters"]["query"]>;
export type AuditQuery = NonNullable<paths["/admin/audit"]["get"]["parameters"]["query"]>;

export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: keys.users.list(query),
    queryFn: () => unwrap(authApi.GET("/admin/users", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export type Person = { id: string; name: string; email: string };
export type PersonRole = NonNullable<UsersQuery["role"]>;

/**
 * People matching `text` (part of a name or email, any case or accents: the server folds both
 * sides), active ones only, optionally of one role: what a people picker offers. Idle while the
 * text is blank. Debounce `text` before passing it (see `PersonPicker`).
 */
export function usePeopleSearch(text: string, role?: PersonRole, limit = 8) {
  const q = text.trim();
  return useQuery({
    queryKey: keys.users.search(q, role),
    queryFn: async (): Promise<Person[]> => {
      const page = await unwrap(
        authApi.GET("/admin/users", { params: { query: { q, role, status: "active", limit } } }),
      );
      return page.users.map((u) => ({ id: u.id, name: u.name, email: u.email }));
    },
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useUsersChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.users.all });
}

export function useAudit(query: AuditQuery) {
  return useQuery({
    queryKey: keys.audit.list(query),
    queryFn: () => unwrap(authApi.GET("/admin/audit", { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useMe() {
  return useQuery({ queryKey: keys.me.all, queryFn: () => unwrap(authApi.GET("/me")) });
}

export function useSessions() {
  return useQuery({ queryKey: keys.sessions.all, queryFn: () => unwrap(authApi.GET("/sessions")) });
}

export function useSessionsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: keys.sessions.all });
}
