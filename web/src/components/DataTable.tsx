import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** The column that names the row (a <th scope="row">, for screen readers). */
  rowHeader?: boolean;
  /** The header is read out but not shown (e.g. an actions column). */
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

/** The one table of the app: scrolls sideways on a narrow screen instead of squeezing. */
export function DataTable<T>({ columns, rows, rowKey, rowTestId, caption }: Props<T>) {
  return (
    <div className="table-wrap">
      <table>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.header}>
                {column.hideHeader ? <span className="visually-hidden">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th scope="row" key={column.header}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.header}>{column.cell(row)}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
