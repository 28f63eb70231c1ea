import type { Clock } from '../../core/clock.js';
import type { Component, HealthCheck } from '../../core/component.js';
import type { RedisClient } from '../../core/redis/redis-connection.js';
import type { Logger } from '../../observability/logger.js';
import { type MigrationTarget, migrateWindowsFromV1 } from '../../pipeline/window/redis-window-migration.js';

const RETRY_MS = 30_000;

/**
 * Moves the configured SLOs' window strings from layout v1 to v2 when the engine starts,
 * before the sources (so before this instance writes). Redis may be down at start: then the
 * migration is retried every 30 s and `/readyz` reports it until it has run once. Every start
 * runs it again; on a store already migrated it finds nothing, and it picks up what an
 * instance still on the old version wrote since.
 */
export class WindowMigration implements Component {
  readonly name = 'window-migration';
  private done = false;
  private lastError = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: {
      redis: () => RedisClient;
      prefix: string;
      targets: readonly MigrationTarget[];
      clock: Clock;
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    await this.attempt();
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  async check(): Promise<HealthCheck> {
    return {
      name: this.name,
      ok: this.done,
      detail: this.done ? 'window strings on layout v2' : `not yet migrated: ${this.lastError}`,
    };
  }

  private async attempt(): Promise<void> {
    const { redis, prefix, targets, clock, logger } = this.o;
    try {
      const nowMinute = Math.floor(clock.now() / 60_000);
      const result = await migrateWindowsFromV1(redis(), prefix, targets, nowMinute);
      this.done = true;
      if (result.strings > 0) logger.info(result, 'window strings moved from layout v1 to v2');
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      logger.error({ err }, `window layout migration failed; retrying in ${RETRY_MS / 1000} s`);
      this.timer = setTimeout(() => void this.attempt(), RETRY_MS);
      this.timer.unref();
    }
  }
}
