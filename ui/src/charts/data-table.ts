import { type Child, h } from '../core/dom.js';
import { scrollTable } from '../core/table.js';

/**
 * The text alternative of a chart: a collapsed `<details>` holding a `<table>` of its data.
 * `key` keeps it open across live updates.
 */
export function dataTable(
  key: string,
  caption: string,
  headers: readonly string[],
  rows: ReadonlyArray<readonly Child[]>,
): HTMLDetailsElement {
  return h(
    'details',
    { class: 'data-table', 'data-key': `table:${key}` },
    h('summary', { 'data-key': `summary:${key}` }, `Table: ${caption}`),
    scrollTable(caption, headers, rows, {}, { class: 'visually-hidden' }),
  );
}
