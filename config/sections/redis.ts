import { z } from 'zod';
import { hostPort, tlsSchema } from './common.js';

/** The Redis window, series, graph and alert store (a single node or a Cluster). */
export const redisSchema = z.strictObject({
  /** A non-empty URL (redis:// or rediss://) switches the store to Redis. */
  url: z
    .string()
    .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
    .refine(
      isUsableUrl,
      'expected a well-formed redis:// URL (host, port 1-65535, percent-encoded user and password)',
    )
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

/**
 * Whether the Redis client can take the URL: a malformed one (a port that is not a number,
 * a stray `%` in the password) used to end start-up in a stack trace from the client.
 */
function isUsableUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const u = new URL(url);
  try {
    decodeURIComponent(u.username);
    decodeURIComponent(u.password);
    return true;
  } catch {
    return false;
  }
}
