import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/services.sh', import.meta.url));

/**
 * Brings up the real Kafka broker and Redis that the integration tests use, once per run.
 * They stay up afterwards so the next run is fast; `scripts/services.sh down` stops them.
 */
export default function setup(): void {
  try {
    execFileSync('bash', [script, 'up'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
  } catch (err) {
    throw new Error(
      `the test services did not start: 'bash scripts/services.sh up' failed (${(err as Error).message.split('\n')[0]}). ` +
        'Run it yourself to see why; it needs Java 17, Maven and redis-server.',
    );
  }
}
