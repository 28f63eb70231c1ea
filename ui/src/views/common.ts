import { ApiError } from '../api/client.js';
import type { Alert } from '../api/types.js';
import { type Child, h } from '../core/dom.js';
import { scrollTable } from '../core/table.js';

/** What a view hands the app shell: the page title, its content, and a signature of its data. */
export interface Rendered {
  title: string;
  /** The page content; nulls are left out. */
  nodes: ReadonlyArray<Node | null>;
  /** Equal signatures mean equal content: a live update with the same signature is skipped. */
  signature: string;
}

/** The page heading; focus moves to it on navigation (or to a `data-autofocus` element). */
export function pageHeading(text: string, ...after: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'page-heading' },
    h('h1', { tabindex: -1, 'data-key': 'page-heading' }, text),
    after,
  );
}

export function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), children);
}

export function emptyState(text: string, ...more: Child[]): HTMLElement {
  return h('div', { class: 'empty-state' }, h('p', {}, text), more);
}

/** How a failed load reads on the page. */
export function errorState(what: string, err: unknown): HTMLElement {
  const detail =
    err instanceof ApiError
      ? `${err.code}: ${err.message}`
      : err instanceof Error
        ? err.message
        : String(err);
  return h(
    'div',
    { class: 'error-state', role: 'alert' },
    h('p', {}, `Could not load ${what}.`),
    h('p', {}, h('code', {}, detail)),
  );
}

const STATE_RANK: Record<string, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };
const SEVERITY_RANK: Record<string, number> = { page: 0, ticket: 1 };

/** Most urgent first: firing before pending before resolved, pages before tickets. */
export function byUrgency(
  a: Pick<Alert, 'state' | 'severity'>,
  b: Pick<Alert, 'state' | 'severity'>,
): number {
  return (
    (STATE_RANK[a.state] ?? 9) - (STATE_RANK[b.state] ?? 9) ||
    (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9)
  );
}

/** An alert state as a badge: the word is always there, colour only adds to it. */
export function stateBadge(state: string, severity?: string): HTMLElement {
  const text = severity === undefined || state === 'resolved' ? state : `${state} · ${severity}`;
  return h('span', { class: `badge state-${state}` }, text);
}

export function keyValues(pairs: ReadonlyArray<readonly [string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'key-values' },
    pairs.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v))),
  );
}

/** A plain table with a caption (visible) and row headers in the first column. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: ReadonlyArray<readonly Child[]>,
  attrs: Record<string, string> = {},
): HTMLElement {
  return scrollTable(caption, headers, rows, attrs);
}

/** Why an alert was not sent: held by a page below it (with the reason) or silenced; '—' when neither. */
export function keptBack(a: Pick<Alert, 'heldBy' | 'silencedBy'>): Child {
  if (a.heldBy !== undefined) {
    return h(
      'span',
      { 'data-held-by': a.heldBy.sloId },
      h('span', { class: 'badge held' }, 'held'),
      ' ',
      a.heldBy.reason,
    );
  }
  if (a.silencedBy !== undefined && a.silencedBy.length > 0) {
    return h(
      'a',
      { href: '#/silences', 'data-silenced-by': a.silencedBy.join(' ') },
      h('span', { class: 'badge silenced' }, 'silenced'),
    );
  }
  return '—';
}
