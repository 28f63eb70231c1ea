import { RedisIncidentStore } from '../../alerting/incidents/redis-incident-store.js';
import type { ExternalAlertStoreLimits } from '../../alerting/receiver/external-alert-store.js';
import { RedisExternalAlertStore } from '../../alerting/receiver/redis-external-alert-store.js';
import { RedisAlertStore } from '../../alerting/redis-alert-store.js';
import { RedisLease } from '../../alerting/redis-lease.js';
import { RedisSilenceStore } from '../../alerting/silences/redis-silence-store.js';
import type { Clock } from '../../core/clock.js';
import { RedisConnection, type RedisConnectionOptions } from '../../core/redis/redis-connection.js';
import type { Logger } from '../../observability/logger.js';
import { RedisSeriesStore } from '../../pipeline/series/redis-series-store.js';
import type { SeriesOptions } from '../../pipeline/series/series-options.js';
import type { MigrationTarget } from '../../pipeline/window/redis-window-migration.js';
import { RedisWindowStore } from '../../pipeline/window/redis-window-store.js';
import type { GraphStoreOptions } from '../../topology/graph-store.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import type { Coordination, StorageBackend } from './storage-backend.js';
import { WindowMigration } from './window-migration.js';

/**
 * Every store in Redis (a single node or a Cluster) through one connection, under one key
 * prefix: state is shared by every instance and survives restarts.
 */
export class RedisBackend implements StorageBackend {
  readonly kind = 'redis';
  readonly durable = true;
  readonly component: RedisConnection;

  constructor(
    connection: RedisConnectionOptions,
    private readonly keyPrefix: string,
  ) {
    this.component = new RedisConnection(connection);
  }

  commandsSent = () => this.component.commandsSent;

  private get client() {
    return this.component.client;
  }

  windowStore = () => new RedisWindowStore(this.client, this.keyPrefix);
  windowMigration = (targets: readonly MigrationTarget[], clock: Clock, logger: Logger) =>
    new WindowMigration({ redis: () => this.client, prefix: this.keyPrefix, targets, clock, logger });
  seriesStore = (options: SeriesOptions) =>
    new RedisSeriesStore(this.client, { ...options, keyPrefix: this.keyPrefix });
  graphStore = (options: GraphStoreOptions) =>
    new RedisGraphStore(this.client, { ...options, keyPrefix: this.keyPrefix });
  externalAlertStore = (limits: ExternalAlertStoreLimits) =>
    new RedisExternalAlertStore(this.client, this.keyPrefix, limits);
  silenceStore = () => new RedisSilenceStore(this.client, this.keyPrefix);

  coordination(leasePeriodMs: number): Coordination {
    return {
      lease: new RedisLease(this.client, this.keyPrefix, leasePeriodMs),
      alertStore: () => new RedisAlertStore(this.client, this.keyPrefix),
      incidentStore: (retention) => new RedisIncidentStore(this.client, this.keyPrefix, retention),
    };
  }
}
