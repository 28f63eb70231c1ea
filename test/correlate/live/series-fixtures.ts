import { latencyBucketIndex } from '../../../pipeline/series/latency-buckets.js';
import { MemorySeriesStore } from '../../../pipeline/series/memory-series-store.js';
import { type BucketAggregate, emptyBucket } from '../../../pipeline/series/series-batch.js';
import type { Subject } from '../../../pipeline/series/subject.js';

export const STEP = 10_000;

/** One 10 s bucket of `requests` calls, `errors` of them failed, each taking `latencyMs`. */
export function bucket(
  subject: Subject,
  t: number,
  o: { requests: number; errors?: number; latencyMs?: number; cpu?: number },
): BucketAggregate {
  const b = emptyBucket(subject, t);
  b.requests = o.requests;
  b.errors = o.errors ?? 0;
  const us = Math.round((o.latencyMs ?? 10) * 1000);
  b.latencySumUs = us * o.requests;
  if (o.requests > 0) b.latencyCounts.set(latencyBucketIndex(o.latencyMs ?? 10), o.requests);
  if (o.cpu !== undefined) b.metricMeans.set('process.cpu.utilization', { sum: o.cpu, count: 1 });
  return b;
}

/** A memory series store at 10 s holding `buckets`. */
export async function storeWith(buckets: BucketAggregate[]): Promise<MemorySeriesStore> {
  const store = new MemorySeriesStore({ resolutionMs: STEP, retentionMs: 86_400_000 });
  await store.write({ resolutionMs: STEP, buckets });
  return store;
}

export const svc = (service: string): Subject => ({ kind: 'service', service });
export const edge = (source: string, target: string): Subject => ({ kind: 'edge', source, target });
