import { randomUUID } from 'node:crypto';
import { defineScript } from '../core/redis/define-script.js';
import type { RedisClient } from '../core/redis/redis-connection.js';
import { type Lease, LocalExpiry } from './lease.js';
import { AlertingKeys } from './redis-alert-layout.js';
import { RELEASE_LEASE_LUA, RENEW_LEASE_LUA } from './redis-alert-scripts.js';

/**
 * The evaluation lease in Redis: `SET key token NX PX period` takes it, a Lua
 * compare-and-`PEXPIRE` renews it and a compare-and-`DEL` releases it, so an instance never
 * extends or deletes a lease another one holds. Locally the lease counts as held for one
 * period from the moment the successful request was sent, on a monotonic clock, so this
 * instance stops leading no later than Redis lets the key expire.
 */
export class RedisLease implements Lease {
  readonly token = randomUUID();
  private readonly key: string;
  private readonly expiry: LocalExpiry;
  private readonly renew;
  private readonly drop;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    readonly periodMs: number,
    now?: () => number,
  ) {
    this.key = new AlertingKeys(prefix).lease;
    this.expiry = new LocalExpiry(periodMs, now);
    this.renew = defineScript(redis, 'flRenewLease', RENEW_LEASE_LUA);
    this.drop = defineScript(redis, 'flReleaseLease', RELEASE_LEASE_LUA);
  }

  async acquire(): Promise<boolean> {
    const at = this.expiry.mark();
    try {
      // The holder renews first (one round trip); anyone else tries to take a free lease.
      const held = this.expiry.valid()
        ? (await this.extend()) || (await this.take())
        : (await this.take()) || (await this.extend());
      if (held) this.expiry.granted(at);
      else this.expiry.revoke();
      return held;
    } catch (err) {
      this.expiry.revoke();
      throw err;
    }
  }

  held(): boolean {
    return this.expiry.valid();
  }

  async release(): Promise<void> {
    this.expiry.revoke();
    await this.drop([this.key], [this.token]);
  }

  private async extend(): Promise<boolean> {
    return (await this.renew([this.key], [this.token, this.periodMs])) === 1;
  }

  private async take(): Promise<boolean> {
    return (await this.redis.set(this.key, this.token, 'PX', this.periodMs, 'NX')) === 'OK';
  }
}
