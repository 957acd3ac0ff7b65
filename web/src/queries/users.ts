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
