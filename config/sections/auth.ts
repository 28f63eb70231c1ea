import { z } from 'zod';

/** Who may call the API (api/auth.ts); secrets here are never logged or returned. */
export const authSchema = z.strictObject({
  /** Accepted `Authorization: Bearer` tokens; several so a token can be rotated without downtime. */
  bearerTokens: z.array(z.string().min(16, 'expected a token of at least 16 characters')).default([]),
  /** Accepted HTTP basic-auth users. */
  basicAuth: z
    .array(
      z.strictObject({
        username: z.string().min(1),
        password: z.string().min(12, 'expected a password of at least 12 characters'),
      }),
    )
    .default([]),
  /** Require credentials for reads too (every GET but /healthz and /readyz, /metrics included). */
  protectReads: z.boolean().default(false),
  /** Require credentials on the OTLP/HTTP receiver too (exporters send an Authorization header). */
  protectIngest: z.boolean().default(false),
});
