import type { ReactNode } from "react";

import { t } from "../i18n";
import { Empty, ErrorMessage, Loading } from "./feedback";

interface Props<T> {
  /** A react-query result (or anything of its shape). */
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
  /** When given and true for the data, `empty` is shown instead of the children. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  loadingLabel?: string;
  errorTitle?: string;
}

/**
 * The one way a page shows what a query holds: a spinner while the first answer is on its way, the
 * error in words when it failed, a sentence when there is nothing, else the content. Data kept from
 * an earlier page (placeholderData) stays on screen while the next one loads.
 */
export function QueryView<T>({ query, children, isEmpty, empty, loadingLabel, errorTitle }: Props<T>) {
  if (query.data === undefined) {
    if (query.error) return <ErrorMessage error={query.error} title={errorTitle} />;
    if (query.isPending) return <Loading label={loadingLabel} />;
    return null;
  }
  return (
    <>
      <ErrorMessage error={query.error} title={errorTitle} />
      {isEmpty?.(query.data) ? <Empty>{empty ?? t("common.nothingYet")}</Empty> : children(query.data)}
    </>
  );
}
