import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { QueryView } from "../../components/QueryView";
import { formatDateTime } from "../../lib/format";
import { type FeedItem, useFeed, useMarkAllRead, useMarkRead } from "../../queries/feed";
import { feedText } from "./feedText";

/**
 * `/notifications`: my feed, newest first, live (the bell's stream refreshes it), with mark-read.
 * Each item is worded in the reader's language from its type and data (`feedText`).
 */
export function FeedPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const feed = useFeed();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = feed.data?.pages.flatMap((page) => page.items);
  const unread = feed.data?.pages[0]?.unread ?? 0;

  const open = async (item: FeedItem) => {
    if (!item.read_at) await markRead.mutateAsync(item.id).catch(() => undefined);
    if (item.link) navigate(item.link);
  };

  return (
    <section className="feed-page" aria-labelledby="feed-title">
      <div className="feed-head">
        <h1 id="feed-title">{t("feed.title")}</h1>
        <button type="button" onClick={() => markAll.mutate()} disabled={unread === 0 || markAll.isPending}>
          {t("feed.markAllRead")}
        </button>
      </div>
      <QueryView
        query={{ data: items, error: feed.error, isPending: feed.isPending }}
        isEmpty={(list) => list.length === 0}
        empty={t("feed.empty")}
      >
        {(list) => (
          <ul className="feed-list" data-testid="feed-list">
            {list.map((item) => {
              const { title, summary } = feedText(item, t);
              return (
                <li
                  key={item.id}
                  className={item.read_at ? "feed-item" : "feed-item unread"}
                  data-testid="feed-item"
                  data-type={item.type}
                >
                  <button type="button" className="feed-open" onClick={() => void open(item)}>
                    <span className="feed-title">
                      {item.read_at ? null : <span className="visually-hidden">{t("feed.unread")} </span>}
                      {title}
                    </span>
                    {summary ? <span className="feed-summary">{summary}</span> : null}
                    <time dateTime={item.created_at}>{formatDateTime(item.created_at)}</time>
                  </button>
                  {item.read_at ? null : (
                    <button
                      type="button"
                      className="button-link"
                      onClick={() => markRead.mutate(item.id)}
                      aria-label={t("feed.markReadOf", { title })}
                    >
                      {t("feed.markRead")}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </QueryView>
      {feed.hasNextPage ? (
        <button type="button" onClick={() => void feed.fetchNextPage()} disabled={feed.isFetchingNextPage}>
          {t("feed.more")}
        </button>
      ) : null}
    </section>
  );
}
