import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

import { useFeedLive, useUnreadCount } from "../queries/feed";

/** The header's bell: the unread count, live (one stream per signed-in tab), linking to the feed. */
export function Bell({ enabled = true }: { enabled?: boolean }) {
  const { t } = useTranslation();
  const live = useFeedLive(enabled);
  const unread = useUnreadCount(enabled).data ?? 0;
  const label = unread > 0 ? t("feed.bellUnread", { count: unread }) : t("feed.bellNone");
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} data-testid="bell" data-live={live}>
      <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5-6.71V3.5a2 2 0 0 0-4 0v.79A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 ? (
        <span className="bell-badge" aria-hidden="true" data-testid="bell-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}
