import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis } from 'ioredis';
import type { Component, HealthCheck } from '../component.js';
import { withTimeout } from '../with-timeout.js';

/** How long start-up waits for Redis before going on without it. */
const CONNECT_WAIT_MS = 5000;

/**
 * What the connection needs to know, and nothing else: `config.redis` satisfies it, and so can
 * a test or tool that has no engine config.
 */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL of a single node; also carries the credentials for a Cluster. */
  url?: string | undefined;
  /** `host:port` seeds of a Redis Cluster; empty for a single node. */
  clusterNodes: readonly string[];
  tls?:
    | {
        enabled: boolean;
        rejectUnauthorized: boolean;
        caFile?: string | undefined;
        certFile?: string | undefined;
        keyFile?: string | undefined;
      }
    | undefined;
}

/** A connected ioredis client: a single node or a Cluster, whichever the config names. */
export type RedisClient = Redis | Cluster;

/**
 * Owns the engine's Redis connection. Start does not fail when Redis is down (ioredis keeps
 * reconnecting and `/readyz` reports it), so an engine can come up before its Redis does.
 */
export class RedisConnection implements Component {
  readonly name = 'redis';
  readonly client: RedisClient;
  private sent = 0;

  constructor(config: RedisConnectionOptions) {
    const common = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true } as const;
    const tls = tlsOptions(config);
    if (config.clusterNodes.length > 0) {
      const auth = config.url === undefined ? {} : credentialsOf(config.url);
      this.client = new Cluster(
        config.clusterNodes.map((n) => {
          const [host, port] = n.split(':');
          return { host: host ?? '127.0.0.1', port: Number(port) };
        }),
        // Without a ready node a Cluster client queues commands until it ends, which it never
        // does while it retries: a write would hang instead of failing into the sink's retry,
        // and start-up would wait for ever on nodes that refuse the password. Failing fast
        // matches the single-node client (maxRetriesPerRequest).
        { ...common, enableOfflineQueue: false, redisOptions: { ...auth, ...(tls ? { tls } : {}) } },
      );
    } else {
      this.client = new Redis(config.url ?? 'redis://127.0.0.1:6379', { ...common, ...(tls ? { tls } : {}) });
    }
    // Errors surface through /readyz and failing commands; without a listener ioredis would
    // print every reconnect failure as an unhandled 'error' event.
    this.client.on('error', () => {});
    this.countCommands();
  }

  /**
   * Commands this client has sent since it was made (pipelined ones and script calls each
   * count one): the engine's own share of a Redis that other clients may share, which the
   * server's `total_commands_processed` cannot tell apart.
   */
  get commandsSent(): number {
    return this.sent;
  }

  /**
   * Counts every command at the one place ioredis hands each to a connection. A command
   * given while not ready waits in the offline queue and passes here again when it is
   * flushed, so only those sent on a ready client count (a Cluster's own call counts; its
   * nodes' calls would count the same command twice).
   */
  private countCommands(): void {
    const client = this.client as unknown as {
      status: string;
      sendCommand: (...args: unknown[]) => unknown;
    };
    const send = client.sendCommand.bind(client);
    client.sendCommand = (...args: unknown[]) => {
      if (client.status === 'ready') this.sent++;
      return send(...args);
    };
  }

  async start(): Promise<void> {
    // A Cluster client whose nodes refuse its AUTH neither connects nor fails: it retries
    // the slot map forever. Start waits a bounded time; reconnection continues in the
    // background and readiness says when it succeeds.
    const connecting = this.client.connect().catch(() => {});
    await withTimeout(connecting, CONNECT_WAIT_MS).catch(() => {});
  }

  async check(): Promise<HealthCheck> {
    try {
      const pong = await withTimeout(this.client.ping(), 1000);
      return {
        name: this.name,
        ok: pong === 'PONG',
        detail: this.client instanceof Cluster ? 'cluster' : 'single',
      };
    } catch (err) {
      return { name: this.name, ok: false, detail: `unreachable: ${(err as Error).message}` };
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/** TLS options from `redis.tls` (files read once, at start-up), or none to leave it to the URL scheme. */
function tlsOptions(config: RedisConnectionOptions): ConnectionOptions | undefined {
  const t = config.tls;
  if (t === undefined || !t.enabled) return undefined;
  return {
    rejectUnauthorized: t.rejectUnauthorized,
    ...(t.caFile ? { ca: [readFileSync(t.caFile, 'utf8')] } : {}),
    ...(t.certFile ? { cert: readFileSync(t.certFile, 'utf8') } : {}),
    ...(t.keyFile ? { key: readFileSync(t.keyFile, 'utf8') } : {}),
  };
}

function credentialsOf(url: string): { username?: string; password?: string } {
  const u = new URL(url);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}
