import { equals, fromBinary, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { MetricsDataSchema } from '../../schemas/gen/opentelemetry/proto/metrics/v1/metrics_pb.js';
import { TracesDataSchema } from '../../schemas/gen/opentelemetry/proto/trace/v1/trace_pb.js';
import { payloadJson } from '../../sim/emitter.js';
import { parseFault } from '../../sim/faults.js';
import { MetricsRecorder } from '../../sim/metric-series.js';
import { MetricsEncoder } from '../../sim/otlp-metrics.js';
import { TraceEncoder } from '../../sim/otlp-traces.js';
import { resolveSimulation, simulate } from '../../sim/simulator.js';
import { tracePayload } from '../../sim/synthetic-traces.js';
import { collect, T0 } from './sim-support.js';

const faults = [
  parseFault('latency:carts:+200ms@+2m/2m', T0),
  parseFault('outage:user-db:timeout@+4m/1m', T0),
];
const options = { seed: 42, fromMs: T0, toMs: T0 + 6 * 60_000, faults, load: { rate: 5 } };

function concat(parts: readonly Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

describe('determinism', () => {
  it('gives byte-identical payloads for the same seed and options', async () => {
    const a = await collect(options);
    const b = await collect(options);
    expect(a.payloads.length).toBeGreaterThan(10);
    expect(concat(a.payloads.map((p) => p.bytes)).equals(concat(b.payloads.map((p) => p.bytes)))).toBe(true);
    expect(a.payloads.map((p) => p.signal)).toEqual(b.payloads.map((p) => p.signal));
    expect(a.summary).toEqual(b.summary);
  });

  it('gives different traffic for another seed', async () => {
    const a = await collect(options);
    const b = await collect({ ...options, seed: 43 });
    expect(concat(a.payloads.map((p) => p.bytes)).equals(concat(b.payloads.map((p) => p.bytes)))).toBe(false);
  });

  it('packs the same spans whatever the batching', async () => {
    const perTrace = await collect({ ...options, batch: 'trace' });
    const batched = await collect({ ...options, batch: 500 });
    expect(perTrace.summary.spans).toBe(batched.summary.spans);
    expect(perTrace.summary.traces).toBe(batched.summary.traces);
    const tracePayloads = perTrace.payloads.filter((p) => p.signal === 'traces');
    expect(tracePayloads).toHaveLength(perTrace.summary.traces);
    for (const p of batched.payloads) if (p.signal === 'traces') expect(p.spans).toBeLessThanOrEqual(500);
  });

  it('writes the same message with the fast encoders as with create() and toBinary()', () => {
    const sim = resolveSimulation(options);
    const traces = new TraceEncoder(sim.topology);
    const metrics = new MetricsEncoder(sim.topology);
    const recorder = new MetricsRecorder(T0);
    let steps = 0;
    for (const step of simulate(sim)) {
      const spans = step.traces.flatMap((t) => t.spans);
      const fast = fromBinary(TracesDataSchema, traces.bytes(spans));
      const slow = fromBinary(TracesDataSchema, toBinary(TracesDataSchema, traces.message(spans)));
      expect(equals(TracesDataSchema, fast, slow)).toBe(true);
      const snapshot = recorder.record(step);
      const fastM = fromBinary(MetricsDataSchema, metrics.bytes(snapshot));
      const slowM = fromBinary(MetricsDataSchema, toBinary(MetricsDataSchema, metrics.message(snapshot)));
      expect(equals(MetricsDataSchema, fastM, slowM)).toBe(true);
      steps++;
    }
    expect(steps).toBe(36);
  });

  it('writes OTLP/JSON with hex ids that decodes like the protobuf', async () => {
    const { payloads } = await collect({ ...options, toMs: T0 + 20_000 });
    const p = payloads.find((x) => x.signal === 'traces');
    if (p === undefined) throw new Error('no traces');
    const json = JSON.parse(payloadJson(p)) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string; kind: number }> }> }>;
    };
    const span = json.resourceSpans[0]?.scopeSpans[0]?.spans[0];
    expect(span?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof span?.kind).toBe('number');
  });

  it('keeps the synthetic-traces exports the bench uses', () => {
    expect(tracePayload(50, 1)).toEqual(tracePayload(50, 1));
  });
});
