import type { AlertStore } from '../../alerting/alert-store.js';
import type { IncidentRetention, IncidentStore } from '../../alerting/incidents/incident-store.js';
import type { Lease } from '../../alerting/lease.js';
import type { Outbox } from '../../alerting/outbox.js';
import type {
  ExternalAlertStore,
  ExternalAlertStoreLimits,
} from '../../alerting/receiver/external-alert-store.js';
import type { SilenceStore } from '../../alerting/silences/silence-store.js';
import type { Clock } from '../../core/clock.js';
import type { Component } from '../../core/component.js';
import type { Logger } from '../../observability/logger.js';
import type { SeriesOptions } from '../../pipeline/series/series-options.js';
import type { SeriesStore } from '../../pipeline/series/series-store.js';
import type { MigrationTarget } from '../../pipeline/window/redis-window-migration.js';
import type { WindowStore } from '../../pipeline/window/window-store.js';
import type { GraphStore, GraphStoreOptions } from '../../topology/graph-store.js';

/**
 * The evaluation lease and the stores it fences: a write made under a lease this instance no
 * longer holds does not land. Made once per engine by {@link StorageBackend.coordination}.
 */
export interface Coordination {
  lease: Lease;
  alertStore(): AlertStore & Outbox;
  incidentStore(retention: IncidentRetention): IncidentStore;
}

/**
 * Where the engine keeps its state, chosen once from the configuration (Redis when
 * `redis.url` or `redis.clusterNodes` is set, else memory) and asked for every store, so no
 * factory below the engine decides Redis-or-memory for itself.
 */
export interface StorageBackend {
  readonly kind: 'memory' | 'redis';
  /** Whether state outlives the process (Redis): alert evaluation then trusts the history it finds. */
  readonly durable: boolean;
  /** The engine component that owns the backend: the Redis connection, or a memory store that is always ready. */
  readonly component: Component;
  /** Commands sent to the backend by this process so far (Redis: counted by its client; memory: 0). */
  commandsSent(): number;
  windowStore(): WindowStore;
  /**
   * What moves window counts an older version of the store left (Redis: layout v1 strings
   * to v2) for `targets`, to start before anything writes; none when there is nothing to move.
   */
  windowMigration(targets: readonly MigrationTarget[], clock: Clock, logger: Logger): Component | undefined;
  seriesStore(options: SeriesOptions): SeriesStore;
  graphStore(options: GraphStoreOptions): GraphStore;
  externalAlertStore(limits: ExternalAlertStoreLimits): ExternalAlertStore;
  /** Silences, shared by every instance on Redis. */
  silenceStore(): SilenceStore;
  coordination(leasePeriodMs: number): Coordination;
}
