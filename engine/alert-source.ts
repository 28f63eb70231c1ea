import type { ExternalAlertStore } from '../alerting/receiver/external-alert-store.js';
import type { AlertSource } from '../correlate/live/live-root-cause.js';

/**
 * The live ranker's view of the alerts received from Alertmanager: those with a service
 * label (`alerting.receiver.serviceLabel`), firing or resolved, that started in the range.
 */
export function externalAlertSource(store: Pick<ExternalAlertStore, 'list'>): AlertSource {
  return {
    async alertsBetween(fromMs, toMs) {
      const out: Array<{ node: string; startsAtMs: number }> = [];
      for (const a of await store.list()) {
        const startsAtMs = Date.parse(a.startsAt);
        if (a.service !== undefined && startsAtMs >= fromMs && startsAtMs < toMs) {
          out.push({ node: a.service, startsAtMs });
        }
      }
      return out;
    },
  };
}
