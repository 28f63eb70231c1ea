import { randomUUID } from 'node:crypto';

/** The broker that `scripts/services.sh` runs. */
export const KAFKA_BROKERS = [`127.0.0.1:${process.env.FAULTLINE_KAFKA_PORT ?? '9092'}`];

/** The Redis that `scripts/services.sh` uses or runs. */
export const REDIS_URL = `redis://127.0.0.1:${process.env.FAULTLINE_REDIS_PORT ?? '6379'}`;

/** A name no other test uses: for topics, consumer groups and key prefixes. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
