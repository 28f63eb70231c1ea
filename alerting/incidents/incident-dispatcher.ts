import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import type { IncidentEvent } from '../../correlate/incidents/incident-events.js';
import type { Logger } from '../../observability/logger.js';
import type { EngineMetrics } from '../../observability/metrics.js';
import { type DeliveryPolicy, OutboxDelivery } from '../outbox-delivery.js';
import type { IncidentNotifier } from './incident-notifier.js';
import type { ClaimedIncidentEvent, IncidentStore } from './incident-store.js';

export interface IncidentDispatcherOptions extends DeliveryPolicy {
  store: IncidentStore;
  notifiers: readonly IncidentNotifier[];
  clock?: Clock;
  metrics?: EngineMetrics;
  logger?: Logger;
}

/**
 * Delivers queued incident events, on every instance, with the alert dispatcher's rules
 * (`alerting.dispatch`) and its `OutboxDelivery`: per notifier one drain at a time, claim,
 * notify, mark delivered, retry with backoff. An event whose sender died is sent again after
 * its claim expires, with the same id.
 */
export class IncidentDispatcher implements Component {
  readonly name = 'incident-dispatcher';
  private readonly delivery: OutboxDelivery<ClaimedIncidentEvent, IncidentEvent>;

  constructor(o: IncidentDispatcherOptions) {
    this.delivery = new OutboxDelivery({
      ...o,
      component: this.name,
      noun: 'incident notification',
      idField: 'event',
      queue: o.store,
      targets: o.notifiers,
      unpack: (e) => ({ id: e.event.id, payload: e.event, attempt: e.attempt }),
    });
  }

  async start(): Promise<void> {
    this.delivery.start();
  }

  /** Starts draining every notifier's due events now, without waiting. */
  wake(): void {
    this.delivery.wake();
  }

  /** Drains every notifier's due events; resolves when done (tests, shutdown). */
  deliverDue(): Promise<void> {
    return this.delivery.deliverDue();
  }

  close(): Promise<void> {
    return this.delivery.close();
  }
}
