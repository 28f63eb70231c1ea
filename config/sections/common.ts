import { z } from 'zod';

/** Field types several sections share. */

/** 0 asks the OS for a free port (tests use it). */
export const port = z.number().int().min(0).max(65535);
export const host = z.string().min(1);

/** A `host:port` address (Kafka brokers, Redis Cluster seed nodes). */
export const hostPort = z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port');

/** A name that appears in metric labels, logs and keys (notifier names, rule profiles). */
export const lowercaseName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a name of lowercase letters, digits, _ and -');

/** TLS to Kafka or Redis: a private CA, a client certificate. */
export const tlsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  caFile: z.string().min(1).optional(),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  rejectUnauthorized: z.boolean().default(true),
});

/** A window length such as 5m, 1h or 3d, as minutes. */
export const windowMinutes = z
  .string()
  .regex(/^\d+[mhd]$/, 'expected a window like 5m, 1h or 3d')
  .transform(
    (text) =>
      Number(text.slice(0, -1)) * ({ m: 1, h: 60, d: 1440 } as const)[text.slice(-1) as 'm' | 'h' | 'd'],
  )
  .refine((m) => m >= 1 && m <= 90 * 1440, 'expected a window between 1m and 90d');

/** An http(s) URL; notifier targets and webhook receivers are plain HTTP endpoints. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
