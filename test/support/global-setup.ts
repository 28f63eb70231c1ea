import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const setupTools = fileURLToPath(new URL('../../scripts/setup.sh', import.meta.url));
const services = fileURLToPath(new URL('../../scripts/services.sh', import.meta.url));
const redisCluster = fileURLToPath(new URL('../../scripts/redis-cluster.sh', import.meta.url));

function run(script: string, args: string[], what: string): string {
  try {
    return execFileSync('bash', [script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
      timeout: 600_000,
    });
  } catch (err) {
    throw new Error(
      `${what} did not start: 'bash ${script} ${args.join(' ')}' failed (${(err as Error).message.split('\n')[0]}). ` +
        'Run it yourself to see why.',
    );
  }
}

/**
 * Brings up the real Kafka broker, Redis and three-master Redis Cluster that the integration
 * tests use, once per run, and hands the cluster's nodes to the test workers (they inherit
 * this process's environment). The services stay up afterwards so the next run is fast;
 * `scripts/services.sh down` and `scripts/redis-cluster.sh down` stop them.
 */
export default function setup(): void {
  // every outside tool (Alertmanager, promtool, Chromium, ...) is there before any test runs:
  // installed when we may, else one line per missing tool and no test runs
  run(setupTools, [], 'the outside tools the tests need');
  process.stdout.write(run(services, ['up'], 'the test services'));
  if (process.env.FAULTLINE_TEST_REDIS_CLUSTER_NODES) return;
  process.stdout.write(run(redisCluster, ['up'], 'the test Redis Cluster'));
  process.env.FAULTLINE_TEST_REDIS_CLUSTER_NODES = run(
    redisCluster,
    ['nodes'],
    'the test Redis Cluster',
  ).trim();
}
