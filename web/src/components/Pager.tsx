import { t } from "../i18n";

interface Props {
  offset: number;
  pageSize: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  onChange: (offset: number) => void;
  previousLabel?: string;
  nextLabel?: string;
}

/** Previous / next through an offset-paged list, with "11–20 of 57" in between. */
export function Pager({ offset, pageSize, shown, total, onChange, previousLabel = t("pager.previous"), nextLabel = t("pager.next") }: Props) {
  return (
    <nav className="actions" aria-label={t("pager.label")}>
      <button
        type="button"
        className="button-secondary"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - pageSize))}
      >
        {previousLabel}
      </button>
      <span className="meta" data-testid="pager-range">
        {t("pager.range", { from: shown === 0 ? 0 : offset + 1, to: offset + shown, total })}
      </span>
      <button
        type="button"
        className="button-secondary"
        disabled={offset + pageSize >= total}
        onClick={() => onChange(offset + pageSize)}
      >
        {nextLabel}
      </button>
    </nav>
  );
}
