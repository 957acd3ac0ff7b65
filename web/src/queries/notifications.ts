import { useQuery, useQueryClient } from "@tanstack/react-query";

import { notificationApi, unwrap } from "../api/client";
import type { Delivery } from "../api/types";
import { keys } from "./keys";

export function useEmailStatus() {
  return useQuery({
    queryKey: keys.emailStatus.all,
    queryFn: () => unwrap(notificationApi.GET("/v1/admin/status")),
    refetchInterval: 15_000,
  });
}

export function useDeliveries(status: "" | Delivery["status"]) {
  return useQuery({
    queryKey: keys.deliveries.list(status),
    queryFn: () =>
      unwrap(notificationApi.GET("/v1/admin/deliveries", { params: { query: { status: status || undefined, limit: 50 } } })),
  });
}

export function useDeliveriesChanged() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: keys.deliveries.all });
    await client.invalidateQueries({ queryKey: keys.emailStatus.all });
  };
}
