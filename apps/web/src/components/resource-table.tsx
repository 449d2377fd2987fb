import { For, Show, type JSX } from 'solid-js';
import { t } from '../i18n';

/** Attributes a row, header or cell may carry (test ids and data-*). */
export type ElementAttributes = Record<`data-${string}`, string | number | undefined>;

export type Column<Row> = {
  /** The header, also the label before the value in the phone card layout. */
  header: string;
  cell: (row: Row) => JSX.Element;
  /** `th` for the column that names the row (read first by screen readers). */
  rowHeader?: boolean;
  /** Header read by screen readers only (an actions column); the phone card shows no label. */
  hideHeader?: boolean;
  class?: string;
  headerAttributes?: ElementAttributes;
  cellAttributes?: (row: Row) => ElementAttributes;
};

export type Paging = {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** The text between the buttons; "Page x of y" by default. */
  info?: string;
  /** Test ids `<prefix>-prev`, `<prefix>-next`, `<prefix>-page-info`. */
  testIdPrefix?: string;
  infoAttributes?: ElementAttributes;
  label?: string;
};

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
  emptyTestId?: string;
  rowTestId?: string;
  /** data-* of each row. */
  rowAttributes?: (row: Row) => ElementAttributes;
  caption?: string;
  busy?: boolean;
  paging?: Paging;
  /** data-* of the table itself (e.g. the month it shows). */
  tableAttributes?: ElementAttributes;
  /** Extra class of the table. */
  class?: string;
  /**
   * A line under a row (a form the row opens), shown while `detailOpen(row)`. With it each row is a
   * tbody of its own (class `rowClass`) carrying the row's test id and data-*, so the line stays with it.
   */
  detail?: (row: Row) => JSX.Element;
  detailOpen?: (row: Row) => boolean;
  rowClass?: string;
  detailClass?: string;
}) {
  const prefix = () => props.paging?.testIdPrefix ?? props.testId;
  return (
    <>
      <div class="card table-scroll">
        <table class={`table resource-table${props.class ? ` ${props.class}` : ''}`} data-testid={props.testId} aria-busy={props.busy === undefined ? undefined : props.busy ? 'true' : 'false'} {...props.tableAttributes}>
          <Show when={props.caption}>{(caption) => <caption class="visually-hidden">{caption()}</caption>}</Show>
          <thead>
            <tr>
              <For each={props.columns}>
                {(column) => (
                  <th scope="col" class={column.class} {...column.headerAttributes}>
                    {column.hideHeader ? <span class="visually-hidden">{column.header}</span> : column.header}
                  </th>
                )}
              </For>
            </tr>
          </thead>
          <Show
            when={props.rows.length > 0 || props.empty === undefined}
            fallback={
              <tbody>
                <tr>
                  <td colspan={props.columns.length} class="empty" data-testid={props.emptyTestId ?? `${props.testId}-empty`}>
                    {props.empty}
                  </td>
                </tr>
              </tbody>
            }
          >
            <Show
              when={props.detail}
              fallback={
                <tbody>
                  <For each={props.rows}>
                    {(row) => (
                      <tr data-testid={props.rowTestId} {...props.rowAttributes?.(row)}>
                        <Cells row={row} columns={props.columns} />
                      </tr>
                    )}
                  </For>
                </tbody>
              }
            >
              {(detail) => (
                <For each={props.rows}>
                  {(row) => (
                    <tbody class={props.rowClass} data-testid={props.rowTestId} {...props.rowAttributes?.(row)}>
                      <tr>
                        <Cells row={row} columns={props.columns} />
                      </tr>
                      <Show when={props.detailOpen?.(row) ?? true}>
                        <tr class={props.detailClass}>
                          <td colspan={props.columns.length}>{detail()(row)}</td>
                        </tr>
                      </Show>
                    </tbody>
                  )}
                </For>
              )}
            </Show>
          </Show>
        </table>
      </div>
      <Show when={props.paging}>
        {(paging) => (
          <nav class="pager" aria-label={paging().label ?? t('common.paging')}>
            <button
              type="button"
              class="button button-secondary button-small"
              data-testid={`${prefix()}-prev`}
              disabled={paging().page <= 1}
              onClick={() => paging().onPage(paging().page - 1)}
            >
              {t('common.previousPage')}
            </button>
            <span data-testid={`${prefix()}-page-info`} {...paging().infoAttributes}>
              {paging().info ?? t('common.pageOf', { page: paging().page, pages: paging().pages })}
            </span>
            <button
              type="button"
              class="button button-secondary button-small"
              data-testid={`${prefix()}-next`}
              disabled={paging().page >= paging().pages}
              onClick={() => paging().onPage(paging().page + 1)}
            >
              {t('common.nextPage')}
            </button>
          </nav>
        )}
      </Show>
    </>
  );
}

function Cells<Row>(props: { row: Row; columns: readonly Column<Row>[] }) {
  return (
    <For each={props.columns}>
      {(column) =>
        column.rowHeader ? (
          <th scope="row" class={column.class} data-label={column.header} {...column.cellAttributes?.(props.row)}>
            {column.cell(props.row)}
          </th>
        ) : (
          <td class={column.class} data-label={column.hideHeader ? undefined : column.header} {...column.cellAttributes?.(props.row)}>
            {column.cell(props.row)}
          </td>
        )
      }
    </For>
  );
}
