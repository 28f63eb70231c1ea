import { type Config, storeKind } from '../../config/schema.js';
import { MemoryBackend } from './memory-backend.js';
import { RedisBackend } from './redis-backend.js';
import type { StorageBackend } from './storage-backend.js';

/** The one place the Redis-or-memory choice is made: Redis when the config names one. */
export function createStorageBackend(config: Config): StorageBackend {
  return storeKind(config) === 'redis'
    ? new RedisBackend(config.redis, config.redis.keyPrefix)
    : new MemoryBackend();
}
