import { type Child, h } from './dom.js';

/**
 * A scrollable table with a caption, column headers, and row headers in the first column:
 * the one table markup of every view and chart. `captionAttrs` hides the caption where a
 * summary already says it (chart data tables).
 */
export function scrollTable(
  caption: string,
  headers: readonly string[],
  rows: ReadonlyArray<readonly Child[]>,
  attrs: Record<string, string> = {},
  captionAttrs: Record<string, string> = {},
): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      attrs,
      h('caption', captionAttrs, caption),
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
  );
}
