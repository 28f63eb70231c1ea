import { MemoryIncidentStore } from '../../alerting/incidents/memory-incident-store.js';
import { MemoryLease } from '../../alerting/lease.js';
import { MemoryAlertStore } from '../../alerting/memory-alert-store.js';
import type { ExternalAlertStoreLimits } from '../../alerting/receiver/external-alert-store.js';
import { MemoryExternalAlertStore } from '../../alerting/receiver/memory-external-alert-store.js';
import { MemorySilenceStore } from '../../alerting/silences/memory-silence-store.js';
import type { Component, HealthCheck } from '../../core/component.js';
import { MemorySeriesStore } from '../../pipeline/series/memory-series-store.js';
import type { SeriesOptions } from '../../pipeline/series/series-options.js';
import { MemoryWindowStore } from '../../pipeline/window/memory-window-store.js';
import type { GraphStoreOptions } from '../../topology/graph-store.js';
import { MemoryGraphStore } from '../../topology/memory-graph-store.js';
import type { Coordination, StorageBackend } from './storage-backend.js';

/** The embedded backend: every store in this process, fenced by an in-process lease. */
export class MemoryBackend implements StorageBackend {
  readonly kind = 'memory';
  readonly durable = false;
  commandsSent = () => 0;
  /** The in-memory store lives in this process, so it is ready whenever the process is. */
  readonly component: Component = {
    name: 'store',
    start: async () => {},
    close: async () => {},
    check: async (): Promise<HealthCheck> => ({ name: 'store', ok: true, detail: 'memory' }),
  };

  windowStore = () => new MemoryWindowStore();
  /** A memory store starts empty: nothing to migrate. */
  windowMigration = () => undefined;
  seriesStore = (options: SeriesOptions) => new MemorySeriesStore(options);
  graphStore = (options: GraphStoreOptions) => new MemoryGraphStore(options);
  externalAlertStore = (limits: ExternalAlertStoreLimits) => new MemoryExternalAlertStore(limits);
  silenceStore = () => new MemorySilenceStore();

  coordination(leasePeriodMs: number): Coordination {
    const lease = new MemoryLease({ periodMs: leasePeriodMs });
    const fence = (token: string) => lease.holds(token);
    return {
      lease,
      alertStore: () => new MemoryAlertStore(fence),
      incidentStore: (retention) => new MemoryIncidentStore(retention, fence),
    };
  }
}
