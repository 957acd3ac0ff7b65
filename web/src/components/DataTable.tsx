import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** The column that names the row (a <th scope="row">, for screen readers; a card's title on a phone). */
  rowHeader?: boolean;
  /** The header is read out but not shown (e.g. an actions column); its cells carry no label on a phone. */
  hideHeader?: boolean;
}

interface Props<T> {
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  /** A data-testid on every row (e2e page objects find rows by it). */
  rowTestId?: string;
  caption?: string;
}

/**
 * The one table of the app. On a wide screen a plain table; below 600 px (styles.css, "Tables")
 * each row is a card and each cell shows its column's header as a label, so nothing scrolls
 * sideways and a row's actions stay in reach. The explicit roles keep it a table for screen
 * readers when the cards' CSS changes how the cells are displayed (some browsers drop a table's
 * semantics then); the visible labels are hidden from them, since the header already names a cell.
 */
export function DataTable<T>({ columns, rows, rowKey, rowTestId, caption }: Props<T>) {
  return (
    <div className="table-wrap table-cards">
      <table role="table" className="data-table">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead role="rowgroup">
          <tr role="row">
            {columns.map((column) => (
              <th scope="col" role="columnheader" key={column.header}>
                {column.hideHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {rows.map((row) => (
            <tr role="row" key={rowKey(row)} data-testid={rowTestId}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th scope="row" role="rowheader" key={column.header}>
                    <div className="cell-value">{column.cell(row)}</div>
                  </th>
                ) : (
                  <td role="cell" key={column.header} className={column.hideHeader ? "cell-unlabelled" : undefined}>
                    {column.hideHeader ? null : (
                      <span className="cell-label" aria-hidden="true">
                        {column.header}
                      </span>
                    )}
                    <div className="cell-value">{column.cell(row)}</div>
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
