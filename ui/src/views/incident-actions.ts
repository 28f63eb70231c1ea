import { ApiError, api } from '../api/client.js';
import type { Incident } from '../api/types.js';
import { h } from '../core/dom.js';
import { href } from '../core/router.js';

/** Where the dashboard remembers who is acting, so people type their name once. */
const BY_KEY = 'faultline.by';

/** What a page does after an action: show the incident again, or go to another one. */
export interface AfterAction {
  reload: () => void;
  navigate: (hash: string) => void;
}

/**
 * The incident page's actions: acknowledge, resolve, assign an owner, add a note, merge into
 * another open incident. Each needs a name (who acts), kept in local storage; failures show
 * the engine's error code and message. Splitting an alert out is on each alert's row
 * (`splitButton`).
 */
export function incidentActions(
  incident: Incident,
  openIncidents: readonly Incident[],
  after: AfterAction,
): HTMLElement {
  const by = h('input', { id: 'incident-by', name: 'by', required: true, autocomplete: 'username' });
  by.value = localStorage.getItem(BY_KEY) ?? '';
  const result = h('div', { 'aria-live': 'polite', 'data-value': 'incident-action-result' });
  const run = (action: () => Promise<Incident>, next?: (i: Incident) => string) =>
    runAction({ by, result, after }, action, next);
  const who = () => by.value.trim();
  const call = (action: string, body: Record<string, string> = {}) =>
    api.incidentAction(incident.id, action, { by: who(), ...body });
  const act = (label: string, name: string, call: () => Promise<Incident>) =>
    h('button', { type: 'button', 'data-action': name, onclick: () => void run(call) }, label);

  const resolved = incident.status === 'resolved';
  const owner = h('input', { id: 'incident-owner', name: 'owner', value: incident.owner?.name ?? '' });
  const note = h('textarea', { id: 'incident-note', name: 'note', rows: 2 });
  const others = openIncidents.filter((i) => i.id !== incident.id);
  const into = h(
    'select',
    { id: 'incident-merge-into', name: 'into' },
    others.map((i) => h('option', { value: i.id }, `${i.id} (${i.services.join(', ')})`)),
  );
  return h(
    'div',
    { class: 'incident-actions', 'data-form': 'incident-actions' },
    withControl('Your name', by),
    resolved
      ? null
      : h(
          'p',
          { class: 'buttons' },
          incident.acknowledged ? null : act('Acknowledge', 'acknowledge', () => call('acknowledge')),
          act('Resolve', 'resolve', () => call('resolve')),
        ),
    resolved
      ? null
      : withControl(
          'Owner',
          owner,
          act('Assign', 'assign', () => call('assign', { owner: owner.value })),
        ),
    withControl(
      'Note',
      note,
      act('Add note', 'note', () => call('notes', { text: note.value })),
    ),
    resolved || others.length === 0
      ? null
      : withControl(
          'Merge into',
          into,
          h(
            'button',
            {
              type: 'button',
              'data-action': 'merge',
              onclick: () =>
                void run(
                  () => call('merge', { into: into.value }),
                  (target) => href.incident(target.id),
                ),
            },
            'Merge',
          ),
        ),
    result,
  );
}

/** A labelled control with the button that acts on it. */
function withControl(label: string, control: HTMLElement, button?: HTMLElement): HTMLElement {
  return h('p', { class: 'field' }, h('label', { for: control.id }, label), control, button ?? null);
}

/**
 * Runs one action as the person named in `by` (remembered), then reloads the page or goes
 * where `next` says; a refusal shows its error code and message in `result`.
 */
async function runAction(
  ui: { by: HTMLInputElement; result: Element; after: AfterAction },
  action: () => Promise<Incident>,
  next?: (i: Incident) => string,
): Promise<void> {
  const { by, result, after } = ui;
  result.replaceChildren();
  if (by.value.trim() === '') {
    result.replaceChildren(h('p', { class: 'error' }, 'Say who you are first (Your name).'));
    by.focus();
    return;
  }
  localStorage.setItem(BY_KEY, by.value.trim());
  try {
    const changed = await action();
    if (next === undefined) after.reload();
    else after.navigate(next(changed));
  } catch (err) {
    const text = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    result.replaceChildren(h('p', { class: 'error', 'data-error': 'incident-action' }, text));
  }
}

/** The "Split out" button of one alert row; the page goes to the new incident. */
export function splitButton(incident: Incident, alertKey: string, after: AfterAction): HTMLElement | null {
  if (incident.status === 'resolved' || incident.alerts.length < 2) return null;
  return h(
    'button',
    {
      type: 'button',
      'data-split': alertKey,
      onclick: () => {
        const by = document.getElementById('incident-by') as HTMLInputElement | null;
        const result = document.querySelector('[data-value="incident-action-result"]');
        if (by === null || result === null) return;
        void runAction(
          { by, result, after },
          () => api.incidentAction(incident.id, 'split', { by: by.value.trim(), alert: alertKey }),
          (split) => href.incident(split.id),
        );
      },
    },
    'Split out',
  );
}
