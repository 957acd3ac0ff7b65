import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { notificationApi, unwrap } from "../api/client";
import type { components } from "../api/notification";
import { session } from "../auth/session";
import { openStream } from "../lib/sse";

export type FeedItem = components["schemas"]["FeedItem"];
type FeedPage = components["schemas"]["FeedPage"];

/** The feed's react-query keys (all start with `feed`). */
export const feedKeys = {
  all: ["feed"] as const,
  unread: ["feed", "unread"] as const,
  list: ["feed", "list"] as const,
};

const STREAM_URL = "/api/notifications/v1/feed/stream";

export function useFeed() {
  return useInfiniteQuery({
    queryKey: feedKeys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap<FeedPage>(notificationApi.GET("/v1/feed", { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The unread count: fetched once, then kept current by the live stream (see useFeedLive). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: feedKeys.unread,
    enabled,
    staleTime: Infinity,
    queryFn: async () => (await unwrap(notificationApi.GET("/v1/feed/unread-count"))).unread,
  });
}

/** How long the page's own requests must have been done before the live stream opens. */
export const STREAM_QUIET_MS = 3000;

/**
 * Keeps one live stream open while signed in: each `unread` event sets the count, each `item`
 * refreshes the list. The stream goes through session.fetch (Authorization header, refreshed
 * token), never with a token in the URL.
 *
 * It opens once the page's own data has loaded (no query fetching for STREAM_QUIET_MS): on a slow
 * phone link the page comes first, and a page counts as loaded (no request in flight) before the
 * long-lived stream starts. Its first event is the current unread count, so nothing that happened
 * meanwhile is missed. A page left within those seconds never opens one. Returns whether the
 * stream is open now.
 */
export function useFeedLive(enabled: boolean): boolean {
  const client = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (!enabled) return;
    let stop: (() => void) | undefined;
    let quietSince = Date.now();
    const waiting = setInterval(() => {
      if (client.isFetching() > 0) {
        quietSince = Date.now();
        return;
      }
      if (Date.now() - quietSince < STREAM_QUIET_MS) return;
      clearInterval(waiting);
      stop = openStream(STREAM_URL, {
        fetch: (request) => session.fetch(request),
        onOpen: setLive,
        onEvent: (event) => {
          try {
            if (event.event === "unread") {
              const { unread } = JSON.parse(event.data) as { unread: number };
              client.setQueryData(feedKeys.unread, unread);
            } else if (event.event === "item") {
              void client.invalidateQueries({ queryKey: feedKeys.list });
            }
          } catch {
            // a malformed event is ignored; the next unread count resynchronises
          }
        },
      });
    }, 200);
    return () => {
      clearInterval(waiting);
      stop?.();
      setLive(false);
    };
  }, [client, enabled]);
  return live;
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(notificationApi.POST("/v1/feed/{item_id}/read", { params: { path: { item_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: feedKeys.all }),
  });
}

export function useMarkAllRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(notificationApi.POST("/v1/feed/read-all")),
    onSuccess: () => {
      client.setQueryData(feedKeys.unread, 0);
      return client.invalidateQueries({ queryKey: feedKeys.list });
    },
  });
}
