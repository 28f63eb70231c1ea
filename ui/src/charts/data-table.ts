import { type Child, h } from '../core/dom.js';

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
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            headers.map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map(([first, ...rest]) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, first),
              rest.map((c) => h('td', {}, c)),
            ),
          ),
        ),
      ),
    ),
  );
}
