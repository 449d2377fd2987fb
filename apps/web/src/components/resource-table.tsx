import { For, Show, type JSX } from 'solid-js';
import { t } from '../i18n';

export type Column<Row> = {
  /** The header, also the label before the value in the phone card layout. */
  header: string;
  cell: (row: Row) => JSX.Element;
  /** `th` for the column that names the row (read first by screen readers). */
  rowHeader?: boolean;
  /** Header read by screen readers only (an actions column); the phone card shows no label. */
  hideHeader?: boolean;
  class?: string;
};

/** Attributes a row may carry (test ids and data-*), kept as plain strings. */
export type RowAttributes = Record<`data-${string}`, string | number | undefined>;

/**
 * The one list table of the app: a header row, one row per item, a message when there are none,
 * and optional paging. On a phone each row becomes a card whose values carry their column's label.
 */
export function ResourceTable<Row>(props: {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  /** Shown when there are no rows (omit for a list that always has one, e.g. the tenant's members). */
  empty?: string;
  testId: string;
  /** data-testid and data-* of each row. */
  rowAttributes?: (row: Row) => RowAttributes;
  rowTestId?: string;
  paging?: { page: number; pages: number; onPage: (page: number) => void; info?: string };
  class?: string;
}) {
  return (
    <div class="card table-scroll">
      <table class={`table resource-table${props.class ? ` ${props.class}` : ''}`} data-testid={props.testId}>
        <thead>
          <tr>
            <For each={props.columns}>
              {(column) => <th scope="col">{column.hideHeader ? <span class="visually-hidden">{column.header}</span> : column.header}</th>}
            </For>
          </tr>
        </thead>
        <tbody>
          <Show
            when={props.rows.length > 0 || props.empty === undefined}
            fallback={
              <tr>
                <td colspan={props.columns.length} class="empty" data-testid={`${props.testId}-empty`}>
                  {props.empty}
                </td>
              </tr>
            }
          >
            <For each={props.rows}>
              {(row) => (
                <tr data-testid={props.rowTestId} {...props.rowAttributes?.(row)}>
                  <For each={props.columns}>
                    {(column) =>
                      column.rowHeader ? (
                        <th scope="row" class={column.class} data-label={column.header}>
                          {column.cell(row)}
                        </th>
                      ) : (
                        <td class={column.class} data-label={column.hideHeader ? undefined : column.header}>
                          {column.cell(row)}
                        </td>
                      )
                    }
                  </For>
                </tr>
              )}
            </For>
          </Show>
        </tbody>
      </table>
      <Show when={props.paging && props.paging.pages > 1 ? props.paging : undefined}>
        {(paging) => (
          <nav class="pager" aria-label={t('common.paging')} data-testid={`${props.testId}-pager`}>
            <button type="button" class="button" disabled={paging().page <= 1} onClick={() => paging().onPage(paging().page - 1)}>
              {t('common.previousPage')}
            </button>
            <span class="hint">{paging().info ?? t('common.pageOf', { page: paging().page, pages: paging().pages })}</span>
            <button type="button" class="button" disabled={paging().page >= paging().pages} onClick={() => paging().onPage(paging().page + 1)}>
              {t('common.nextPage')}
            </button>
          </nav>
        )}
      </Show>
    </div>
  );
}
