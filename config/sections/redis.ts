import { z } from 'zod';
import { hostPort, tlsSchema } from './common.js';

/** The Redis window, series, graph and alert store (a single node or a Cluster). */
export const redisSchema = z.strictObject({
  /** A non-empty URL (redis:// or rediss://) switches the store to Redis. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .optional(),
  /** Seed nodes of a Redis Cluster (host:port); when set, `url` only supplies credentials. */
  clusterNodes: z.array(hostPort).default([]),
  keyPrefix: z.string().default('fl:'),
  /**
   * TLS beyond what a `rediss://` URL turns on: a private CA, a client certificate. With
   * `enabled` (the default when the section is given) TLS is used whatever the URL scheme.
   */
  tls: tlsSchema.optional(),
});
