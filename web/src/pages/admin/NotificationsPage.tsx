import { useQuery } from "@tanstack/react-query";

import { notificationApi } from "../../api/client";
import { ErrorMessage, Loading, Notice } from "../../components/feedback";

/** Email delivery: whether the notification service and its database answer. */
export function NotificationsPage() {
  const ready = useQuery({
    queryKey: ["notification-ready"],
    queryFn: async () => {
      const { data, error } = await notificationApi.GET("/ready");
      return data ?? error;
    },
    refetchInterval: 15_000,
  });
  return (
    <section aria-labelledby="notif-title">
      <h1 id="notif-title">Email status</h1>
      {ready.isPending ? <Loading /> : null}
      <ErrorMessage error={ready.error} />
      {ready.data ? (
        <Notice tone={ready.data.status === "ok" ? "success" : "warning"}>
          The notification service is {ready.data.status === "ok" ? "working" : `failing: ${ready.data.failing.join(", ")}`}.
        </Notice>
      ) : null}
    </section>
  );
}
