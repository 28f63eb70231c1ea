import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../ingest/records.js';
import { parseFault } from '../../sim/faults.js';
import { sockshop } from '../../sim/topologies/sockshop.js';
import { byTrace, collect, spansOf, T0 } from './sim-support.js';

const nodeKind = new Map(sockshop.nodes.map((n) => [n.name, n.kind]));

/** Every structural rule a trace must keep; returns the broken ones. */
function problems(trace: SpanRecord[]): string[] {
  const out: string[] = [];
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const roots = trace.filter((s) => s.parentSpanId === '');
  if (roots.length !== 1) out.push(`${roots.length} roots`);
  const root = roots[0];
  if (root !== undefined && (root.kind !== 'server' || root.service !== sockshop.entry))
    out.push('root is not a front-end SERVER span');
  for (const s of trace) {
    if (s.endNs < s.startNs) out.push(`${s.name} ends before it starts`);
    if (s.parentSpanId !== '' && !byId.has(s.parentSpanId)) out.push(`${s.name}: parent missing`);
    const parent = byId.get(s.parentSpanId);
    if (s.kind === 'server' && parent !== undefined) {
      if (parent.kind !== 'client' || parent.serverAddress !== s.service)
        out.push(`${s.name}: server span without its client`);
      if (s.startNs < parent.startNs || s.endNs > parent.endNs) {
        if (parent.status !== 'error') out.push(`${s.name}: server span outside its client`);
      }
    }
    if (s.kind === 'client' || s.kind === 'producer') {
      if (parent === undefined || parent.kind !== 'server' || parent.service !== s.service)
        out.push(`${s.name}: call outside a server span`);
      if (s.serverAddress === undefined || !nodeKind.has(s.serverAddress))
        out.push(`${s.name}: no known server.address`);
      const kind = nodeKind.get(s.serverAddress ?? '');
      if (
        (kind === 'database' || kind === 'cache') &&
        (s.dbSystem === undefined || s.dbNamespace === undefined)
      ) {
        out.push(`${s.name}: database span without db.system.name / db.namespace`);
      }
      const servers = trace.filter((c) => c.parentSpanId === s.spanId && c.kind === 'server');
      const errorType = s.attributes?.['error.type'];
      // A timed-out call may or may not have reached its server (slow server, or a server that is down).
      const expected =
        kind !== 'service' ? [0] : s.httpStatus !== undefined ? [1] : errorType === 'timeout' ? [0, 1] : [0];
      if (!expected.includes(servers.length))
        out.push(`${s.name}: ${servers.length} server spans for one call`);
      if (s.status === 'error' && s.httpStatus === undefined && errorType === undefined)
        out.push(`${s.name}: failed without error.type`);
      const answered = kind === 'service' && s.httpStatus !== undefined;
      if (answered && servers[0]?.httpStatus !== s.httpStatus)
        out.push(`${s.name}: status differs from its server's`);
    }
    if (s.kind === 'producer' && s.messagingSystem !== 'rabbitmq')
      out.push(`${s.name}: producer without messaging.system`);
    if (s.kind === 'consumer') {
      const link = s.links[0];
      const producer = link === undefined ? undefined : byId.get(link.spanId);
      if (producer?.kind !== 'producer' || link?.traceId !== s.traceId)
        out.push(`${s.name}: consumer not linked to its producer`);
      if (s.parentSpanId !== link?.spanId) out.push(`${s.name}: consumer not a child of its producer`);
      if (producer !== undefined && s.startNs < producer.endNs)
        out.push(`${s.name}: consumed before it was sent`);
    }
    if (s.kind === 'server' && s.httpStatus === undefined)
      out.push(`${s.name}: server span without http.response.status_code`);
    if (s.kind === 'server' && (s.httpStatus ?? 0) >= 500 && s.status !== 'error')
      out.push(`${s.name}: 5xx without error status`);
  }
  return out;
}

describe('trace structure', () => {
  it('holds for every trace, with and without faults (property over seeds and faults)', async () => {
    const fault = fc.oneof(
      fc.constant([] as string[]),
      fc
        .tuple(
          fc.constantFrom(
            'latency:{t}:+400ms',
            'error:{t}:50%',
            'cpu:{t}:95%',
            'outage:{t}',
            'outage:{t}:timeout',
          ),
          fc.constantFrom(...sockshop.nodes.map((n) => n.name)),
        )
        .map(([spec, t]) => [`${spec.replace('{t}', t)}@+20s/40s`]),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fault, async (seed, specs) => {
        const { payloads } = await collect({
          seed,
          fromMs: T0,
          toMs: T0 + 60_000,
          load: { rate: 5 },
          faults: specs.map((s) => parseFault(s, T0)),
        });
        const traces = byTrace(spansOf(payloads));
        expect(traces.size).toBeGreaterThan(0);
        for (const trace of traces.values()) expect(problems(trace)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  it('emits every kind of span with the attributes the topology needs', async () => {
    const { payloads } = await collect({ seed: 5, fromMs: T0, toMs: T0 + 5 * 60_000, load: { rate: 5 } });
    const spans = spansOf(payloads);
    const kinds = new Set(spans.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['client', 'consumer', 'producer', 'server']);
    expect(new Set(spans.map((s) => s.service))).toEqual(
      new Set(sockshop.nodes.filter((n) => n.kind === 'service').map((n) => n.name)),
    );
    const db = spans.find((s) => s.serverAddress === 'carts-db');
    expect(db).toMatchObject({ kind: 'client', dbSystem: 'mongodb', dbNamespace: 'data', service: 'carts' });
    expect(spans.find((s) => s.serverAddress === 'catalogue-db')?.dbSystem).toBe('mysql');
    expect(spans.find((s) => s.serverAddress === 'redis-cache')?.dbSystem).toBe('redis');
    const consumer = spans.find((s) => s.kind === 'consumer');
    expect(consumer).toMatchObject({ service: 'queue-master', messagingSystem: 'rabbitmq' });
    expect(consumer?.links).toHaveLength(1);
    expect(spans.every((s) => s.traceId.length === 32 && s.spanId.length === 16)).toBe(true);
    // Event time: every span lies inside (or just after) the simulated range.
    expect(spans.every((s) => s.startNs >= BigInt(T0) * 1_000_000n)).toBe(true);
  });

  it('makes a caller at least as slow as the calls inside it', async () => {
    const { payloads } = await collect({ seed: 9, fromMs: T0, toMs: T0 + 60_000, load: { rate: 5 } });
    for (const trace of byTrace(spansOf(payloads)).values()) {
      const byId = new Map(trace.map((s) => [s.spanId, s]));
      for (const s of trace) {
        const parent = byId.get(s.parentSpanId);
        if (parent === undefined || s.kind === 'consumer' || parent.kind !== 'server') continue;
        expect(s.startNs).toBeGreaterThanOrEqual(parent.startNs);
        expect(s.endNs).toBeLessThanOrEqual(parent.endNs);
      }
    }
  });
});
