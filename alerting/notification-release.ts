import type { AlertTransition } from './alert.js';
import { notifies } from './alert-state.js';
import type { AlertRecord } from './alert-store.js';
import { sendable } from './routing.js';

/**
 * Which transitions of one evaluation are sent, given silences and holds. A firing that
 * nobody may hear (silenced or held) marks its alert `unsent`; when the alert may be heard
 * again while it still fires (the silence ended, the callee's page resolved), its firing is
 * sent then. A resolve is sent only when the firing was, and the alert may be heard now.
 * Marks each record's alert (`unsent`) for the next evaluation.
 */
export function releasedTransitions(
  records: readonly AlertRecord[],
  transitions: readonly AlertTransition[],
  wasUnsent: ReadonlySet<string>,
  at: string,
): AlertTransition[] {
  const keyOf = (t: AlertTransition) => `${t.alert.sloId}|${t.alert.labels.alertname ?? ''}`;
  const byKey = new Map(transitions.map((t) => [keyOf(t), t]));
  const out: AlertTransition[] = [];
  for (const r of records) {
    const t = byKey.get(r.key);
    byKey.delete(r.key);
    let unsent = wasUnsent.has(r.key);
    if (t !== undefined && notifies(t.to)) {
      if (t.to === 'firing') {
        unsent = !sendable(t.alert);
        if (!unsent) out.push(t);
      } else {
        if (!unsent && sendable(t.alert)) out.push(t);
        unsent = false;
      }
    } else if (unsent && r.alert.state === 'firing' && sendable(r.alert)) {
      out.push({
        id: `${r.alert.fingerprint}:firing:${at}`,
        from: 'pending',
        to: 'firing',
        at,
        alert: r.alert,
      });
      unsent = false;
    }
    const { unsent: _was, ...alert } = r.alert;
    r.alert = unsent ? { ...alert, unsent: true } : alert;
  }
  // Alerts forgotten in this evaluation (resolved and past retention at once).
  for (const [key, t] of byKey) {
    if (notifies(t.to) && sendable(t.alert) && !wasUnsent.has(key)) out.push(t);
  }
  return out;
}
