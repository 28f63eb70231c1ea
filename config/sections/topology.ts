import { z } from 'zod';

/** Span pairing into the service graph and the graph store (topology/). */
export const topologySchema = z
  .strictObject({
    /** Span pairing into the service graph (false: no topology, no /api/v1/topology). */
    enabled: z.boolean().default(true),
    /** How long a span waits for its other side (processing time) before it counts as unpaired. */
    waitMs: z.number().int().min(100).default(10_000),
    /** Most spans waiting for their other side at once; further spans are dropped and counted. */
    maxPendingSpans: z.number().int().min(1).default(100_000),
    /** An edge not seen for this long leaves the graph. */
    edgeTtlMs: z.number().int().min(1000).default(3_600_000),
    /** Most distinct edges tracked; calls along further edges count on `__overflow__ -> __overflow__`. */
    maxEdges: z.number().int().min(1).default(10_000),
    /** Width of the time slices the graph store keeps edge statistics in. */
    sliceMs: z.number().int().min(1000).default(60_000),
    /** How long edge statistics are kept: how far back `at=` can read the graph. */
    retentionMs: z.number().int().min(60_000).default(86_400_000),
    /** How often edge updates are written to the graph store. */
    flushIntervalMs: z.number().int().min(100).default(5000),
  })
  .refine((t) => t.edgeTtlMs / t.sliceMs <= 1440, {
    message: 'expected edgeTtlMs to cover at most 1440 slices (raise sliceMs)',
    path: ['sliceMs'],
  })
  .refine((t) => t.retentionMs >= t.edgeTtlMs, {
    message: 'expected retentionMs at least edgeTtlMs',
    path: ['retentionMs'],
  });
