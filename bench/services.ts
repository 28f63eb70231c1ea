import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The broker `scripts/services.sh` runs (FAULTLINE_KAFKA_PORT, as for the tests). */
export const BENCH_BROKERS = [`127.0.0.1:${process.env.FAULTLINE_KAFKA_PORT ?? '9092'}`];

/** The Redis `scripts/services.sh` runs (FAULTLINE_REDIS_PORT, as for the tests). */
export const BENCH_REDIS_URL = `redis://127.0.0.1:${process.env.FAULTLINE_REDIS_PORT ?? '6379'}`;

/** Starts the test services (Kafka, Redis) unless they run already. */
export function servicesUp(): void {
  execFileSync('bash', [fileURLToPath(new URL('../scripts/services.sh', import.meta.url)), 'up'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
