import { ApiError, api } from '../api/client.js';
import type { Silence, SilenceMatcher } from '../api/types.js';
import { h } from '../core/dom.js';
import { dateTime } from '../core/format.js';
import { emptyState, pageHeading, type Rendered, section, table } from './common.js';

/** The expiries the form offers, in hours: a silence always ends by itself. */
const EXPIRIES: ReadonlyArray<readonly [string, number]> = [
  ['1 hour', 1],
  ['2 hours', 2],
  ['4 hours', 4],
  ['8 hours', 8],
  ['1 day', 24],
  ['3 days', 72],
  ['7 days', 168],
];

/**
 * Silences: faultline's and Alertmanager's, newest first, and a form to create one, its
 * matchers prefilled when the page was opened from an alert or an SLO. `created` runs once
 * the engine accepted a new silence.
 */
export async function silenceListView(
  prefill: readonly string[] | undefined,
  created: () => void,
): Promise<Rendered> {
  const silences = await api.silences();
  if (silences === undefined) {
    return {
      title: 'Silences',
      nodes: [pageHeading('Silences'), emptyState('Alerting is off on this engine: there are no silences.')],
      signature: 'silences-off',
    };
  }
  const nodes = [
    pageHeading('Silences'),
    section('New silence', 'new-silence-heading', form(prefill ?? [], created)),
    section('Silences', 'silences-heading', list(silences)),
  ];
  return { title: 'Silences', nodes, signature: JSON.stringify([prefill, silences]) };
}

function list(silences: readonly Silence[]): HTMLElement {
  if (silences.length === 0) return emptyState('No silences.');
  return table(
    'Every silence kept, with its state',
    ['Matchers', 'State', 'Starts', 'Ends', 'Created by', 'Comment', 'Budget'],
    silences.map((s) => [
      h('code', { 'data-silence': s.id }, s.matchers.map(matcherText).join(', ')),
      h('span', { class: `badge silence-${s.status.state}` }, s.status.state),
      dateTime(s.startsAt),
      dateTime(s.endsAt),
      s.createdBy,
      s.comment,
      s.excludeFromBudget ? 'maintenance: left out of the budget' : 'counted',
    ]),
    { 'data-table': 'silences' },
  );
}

function matcherText(m: SilenceMatcher): string {
  const op = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}

function form(prefill: readonly string[], created: () => void): HTMLElement {
  const matchers = h('textarea', {
    id: 'silence-matchers',
    name: 'matchers',
    rows: 3,
    required: true,
    'data-autofocus': prefill.length === 0 ? null : true,
  });
  matchers.value = prefill.join('\n');
  const expiry = h(
    'select',
    { id: 'silence-expiry', name: 'expiry' },
    EXPIRIES.map(([label, hours]) => h('option', { value: hours, selected: hours === 2 }, label)),
  );
  const createdBy = h('input', {
    id: 'silence-created-by',
    name: 'createdBy',
    required: true,
    autocomplete: 'username',
  });
  const comment = h('input', { id: 'silence-comment', name: 'comment' });
  const budget = h('input', { id: 'silence-budget', name: 'excludeFromBudget', type: 'checkbox' });
  const result = h('div', { 'aria-live': 'polite', 'data-value': 'silence-result' });
  const field = (label: string, control: HTMLElement, hint?: string) =>
    h(
      'p',
      { class: 'field' },
      h('label', { for: control.id }, label),
      control,
      hint === undefined ? null : h('small', {}, hint),
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    result.replaceChildren();
    try {
      await api.createSilence({
        matchers: matchers.value
          .split('\n')
          .map((m) => m.trim())
          .filter((m) => m !== ''),
        endsAt: new Date(Date.now() + Number(expiry.value) * 3_600_000).toISOString(),
        createdBy: createdBy.value,
        comment: comment.value,
        excludeFromBudget: budget.checked,
      });
      created();
    } catch (err) {
      result.replaceChildren(failure(err));
    }
  };
  return h(
    'form',
    { class: 'silence-form', 'data-form': 'silence', onsubmit: (e: Event) => void submit(e) },
    field(
      'Matchers, one a line',
      matchers,
      'Alertmanager syntax on alert labels: service="checkout", severity=~"page|ticket"',
    ),
    field('Expires after', expiry),
    field('Created by', createdBy),
    field('Comment', comment),
    h(
      'p',
      { class: 'field-check' },
      budget,
      h('label', { for: budget.id }, ' Maintenance window: leave its time out of the error budget'),
    ),
    h('p', {}, h('button', { type: 'submit' }, 'Create silence')),
    result,
  );
}

/** Why the engine refused the silence: its error code (a bad matcher names the field) and message. */
function failure(err: unknown): HTMLElement {
  const detail = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
  return h(
    'div',
    { class: 'error-state', role: 'alert' },
    h('p', {}, 'The silence was not created.'),
    h('p', {}, h('code', {}, detail)),
  );
}
