import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Cluster } from 'ioredis';
import { deleteClusterPrefix } from '../../support/redis.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/redis-cluster.sh', import.meta.url));

/**
 * The three-master Redis Cluster of `scripts/redis-cluster.sh` (loopback 7201-7203 unless
 * FAULTLINE_REDIS_CLUSTER_PORTS says otherwise). `up` reuses a running cluster; `down`
 * stops it only when this process started it.
 */
export class TestRedisCluster {
  private startedHere = false;
  nodes: string[] = [];
  private readonly env: NodeJS.ProcessEnv;

  /**
   * `ports`, `password`, `persist` (append-only files, so `stop` and `up` keep the data) and
   * `tlsDir` (ca.crt, server.crt, server.key: TLS only) select another cluster than the
   * shared one of the test run.
   */
  constructor(opts: { ports?: number[]; password?: string; persist?: boolean; tlsDir?: string } = {}) {
    this.env = {
      ...process.env,
      ...(opts.ports ? { FAULTLINE_REDIS_CLUSTER_PORTS: opts.ports.join(' ') } : {}),
      ...(opts.password ? { FAULTLINE_REDIS_CLUSTER_PASSWORD: opts.password } : {}),
      ...(opts.persist ? { FAULTLINE_REDIS_CLUSTER_PERSIST: '1' } : {}),
      ...(opts.tlsDir ? { FAULTLINE_REDIS_CLUSTER_TLS_DIR: opts.tlsDir } : {}),
    };
  }

  async up(): Promise<void> {
    const status = await run('bash', [script, 'status'], { timeout: 30_000, env: this.env });
    this.startedHere = !/running, cluster ok/.test(status.stdout);
    await run('bash', [script, 'up'], { timeout: 120_000, env: this.env });
    const { stdout } = await run('bash', [script, 'nodes'], { timeout: 10_000, env: this.env });
    this.nodes = stdout.trim().split(',');
  }

  /** Stops every node, keeping its state; `up` brings the same cluster back. */
  async stop(): Promise<void> {
    await run('bash', [script, 'stop'], { timeout: 60_000, env: this.env });
  }

  async down(): Promise<void> {
    if (this.startedHere) await run('bash', [script, 'down'], { timeout: 60_000, env: this.env });
  }

  /** Deletes every key under `prefix` on every master. */
  async deletePrefix(prefix: string): Promise<void> {
    const cluster = new Cluster(
      this.nodes.map((n) => ({ host: n.split(':')[0]!, port: Number(n.split(':')[1]) })),
      { lazyConnect: true },
    );
    await cluster.connect();
    try {
      await deleteClusterPrefix(cluster, prefix);
    } finally {
      await cluster.quit();
    }
  }
}
