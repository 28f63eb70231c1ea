import { registerErrorHandler } from '../api/error-handler.js';
import { rootCauseRoutes } from '../api/routes/rootcause.js';
import { createApp } from '../core/http/create-app.js';
import { LiveRootCause } from '../correlate/live/live-root-cause.js';
import type { RankerName } from '../correlate/types.js';
import { silentLogger } from '../observability/logger.js';
import { latencyBucketIndex } from '../pipeline/series/latency-buckets.js';
import { MemorySeriesStore } from '../pipeline/series/memory-series-store.js';
import { type BucketAggregate, emptyBucket } from '../pipeline/series/series-batch.js';
import type { Subject } from '../pipeline/series/subject.js';
import type { Slo } from '../pipeline/slo/slo.js';
import { MemoryGraphStore } from '../topology/memory-graph-store.js';
import type { EdgeUpdate } from '../topology/model.js';
import { TopologyReader } from '../topology/topology-reader.js';

const STEP = 10_000;
const MIN = 60_000;

/**
 * One `GET /api/v1/rootcause` (fastify `inject`; the answer's top 10 candidates with their
 * evidence series, as the API gives by default)
 * on a 100-service call graph (a random tree below `svc-0` plus 30 extra edges) whose
 * series sit in the memory stores: per service and edge an hour and ten minutes of 10 s
 * buckets (calls, errors, latency histogram, a CPU gauge), with a fault in one service
 * four levels down. Reports the median of `rounds` queries after two warm-ups, with `ranker`.
 */
export async function benchRca(
  rounds = 15,
  ranker: RankerName = 'classic',
): Promise<{ ms_100_services: number; ranked: number }> {
  const n = 100;
  const at = Math.floor(Date.now() / MIN) * MIN - 15 * MIN;
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const edges: Array<[number, number]> = [];
  for (let i = 1; i < n; i++) edges.push([Math.floor(rand() * i), i]);
  for (let k = 0; k < 30; k++) {
    const a = Math.floor(rand() * (n - 1));
    const b = a + 1 + Math.floor(rand() * (n - 1 - a));
    if (!edges.some(([x, y]) => x === a && y === b)) edges.push([a, b]);
  }
  const depth = (i: number): number => (i === 0 ? 0 : 1 + depth(edges.find(([, y]) => y === i)![0]));
  const fault = Array.from({ length: n }, (_, i) => i).find((i) => depth(i) === 4) ?? n - 1;
  const name = (i: number) => `svc-${i}`;
  const faulty = (i: number, t: number) =>
    t >= at && (i === fault || edges.some(([x, y]) => y === fault && x === i));

  const series = new MemorySeriesStore({ resolutionMs: STEP, retentionMs: 86_400_000 });
  const graphStore = new MemoryGraphStore({ sliceMs: MIN, retentionMs: 86_400_000 });
  const buckets: BucketAggregate[] = [];
  const updates: EdgeUpdate[] = [];
  const add = (subject: Subject, t: number, bad: boolean, cpu?: number) => {
    const b = emptyBucket(subject, t);
    const latencyMs = (bad ? 400 : 20) * (0.9 + 0.2 * rand());
    b.requests = 50;
    b.errors = bad ? 10 : rand() < 0.05 ? 1 : 0;
    b.latencySumUs = Math.round(latencyMs * 1000 * 50);
    b.latencyCounts.set(latencyBucketIndex(latencyMs), 50);
    if (cpu !== undefined) b.metricMeans.set('process.cpu.utilization', { sum: cpu, count: 1 });
    buckets.push(b);
  };
  for (let t = at - 60 * MIN; t < at + 10 * MIN; t += STEP) {
    for (let i = 0; i < n; i++)
      add({ kind: 'service', service: name(i) }, t, faulty(i, t), 0.3 + 0.05 * rand());
    for (const [x, y] of edges) add({ kind: 'edge', source: name(x), target: name(y) }, t, faulty(y, t));
  }
  for (let t = at - 60 * MIN; t < at + 10 * MIN; t += MIN) {
    for (const [x, y] of edges) {
      updates.push({
        source: name(x),
        target: name(y),
        bucketMs: t,
        connectionType: 'direct',
        sourceKind: 'service',
        targetKind: 'service',
        calls: 300,
        failedCalls: 3,
        clientLatencySumUs: 300 * 20_000,
        clientCalls: 300,
        serverLatencySumUs: 300 * 19_000,
        serverCalls: 300,
        lastSeenMs: t + MIN - 1,
      });
    }
  }
  await series.write({ resolutionMs: STEP, buckets });
  await graphStore.write(updates);
  const topology = new TopologyReader(graphStore);
  const slo: Slo = {
    id: 'svc-0/availability',
    service: 'svc-0',
    name: 'availability',
    objective: 0.999,
    periodMinutes: 30 * 1440,
    sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
    labels: {},
    origin: { file: 'bench', format: 'native' },
  };
  const app = createApp(silentLogger(), 'api', 1024);
  registerErrorHandler(app);
  await app.register(rootCauseRoutes, {
    live: new LiveRootCause({ series, topology, rankOptions: { ranker } }),
    slos: [slo],
    series,
    topology,
    clock: { now: () => at + 15 * MIN },
    defaultLookbackMs: 30 * MIN,
  });
  await app.ready();
  const url = `/api/v1/rootcause?service=svc-0&slo=availability&at=${at / 1000}`;
  const query = async () => {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`rootcause answered ${res.statusCode}: ${res.body}`);
    return res;
  };
  const first = (await query()).json() as { candidates: Array<{ node: string }>; unscored: string[] };
  if (first.candidates[0]?.node !== name(fault)) {
    throw new Error(`bench rca: expected ${name(fault)} first, got ${first.candidates[0]?.node}`);
  }
  await query();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await query();
    times.push(performance.now() - start);
  }
  await app.close();
  times.sort((a, b) => a - b);
  return {
    ms_100_services: Math.round(times[Math.floor(times.length / 2)]! * 10) / 10,
    ranked: 100 - first.unscored.length,
  };
}
