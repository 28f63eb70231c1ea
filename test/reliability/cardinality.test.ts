import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load.js';
import { createEngine, type RunningParts } from '../../engine/create-engine.js';
import { silentLogger } from '../../observability/logger.js';
import { OVERFLOW_NODE } from '../../topology/topology-builder.js';
import { availabilitySlos, metricSum, sloCounts } from './support/engine.js';

// Unbounded cardinality through the whole pipeline (OTLP/HTTP receiver, decoder, SLI
// extraction, series, span pairing and topology): a million distinct service names, and a
// million distinct span names. Every cap holds (series subjects, topology edges, pending
// spans), what is past a cap is counted on an overflow series or edge, the SLO counts stay
// exact, and the heap stops growing once the caps are reached.
const SPANS = 1_000_000;
const PER_REQUEST = 10_000;
const MAX_EDGES = 10_000;
let parts: RunningParts;
let api: string;
let otlp: string;
const gc = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-cardinality-'));
  writeFileSync(join(dir, 'slos.yaml'), availabilitySlos('checkout'));
  const config = loadConfig({
    env: { FAULTLINE_HTTP_PORT: '0', FAULTLINE_OTLP_PORT: '0', FAULTLINE_SLO_FILES: join(dir, 'slos.yaml') },
  });
  config.topology.maxEdges = MAX_EDGES;
  config.alerting.enabled = false;
  parts = createEngine(config, { logger: silentLogger() });
  await parts.engine.start();
  api = `http://127.0.0.1:${parts.api.address().port}`;
  otlp = `http://127.0.0.1:${parts.otlp!.address().port}`;
});

afterAll(async () => {
  await parts.engine.close();
});

/** `count` root SERVER spans from `first` on, each of service `service(i)` and name `name(i)`. */
function encode(first: number, count: number, service: (i: number) => string, name: (i: number) => string) {
  const endNs = BigInt(Date.now() - 30_000) * 1_000_000n;
  const id = new Uint8Array(16);
  const ids = new DataView(id.buffer);
  const w = new BinaryWriter();
  for (let i = first; i < first + count; i++) {
    ids.setUint32(0, 0xfeed);
    ids.setUint32(12, i + 1);
    w.tag(1, WireType.LengthDelimited).fork(); // ResourceSpans
    w.tag(1, WireType.LengthDelimited).fork(); // Resource
    w.tag(1, WireType.LengthDelimited).fork(); // KeyValue
    w.tag(1, WireType.LengthDelimited).string('service.name');
    w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.LengthDelimited).string(service(i)).join();
    w.join().join();
    w.tag(2, WireType.LengthDelimited).fork(); // ScopeSpans
    w.tag(2, WireType.LengthDelimited).fork(); // Span
    w.tag(1, WireType.LengthDelimited).bytes(id);
    w.tag(2, WireType.LengthDelimited).bytes(id.subarray(8));
    w.tag(5, WireType.LengthDelimited).string(name(i));
    w.tag(6, WireType.Varint).int32(2); // SERVER
    w.tag(7, WireType.Bit64).fixed64(endNs - 5_000_000n);
    w.tag(8, WireType.Bit64).fixed64(endNs);
    w.join().join().join();
  }
  return w.finish();
}

/** Heap in use after a full collection, bytes. */
function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Posts a million spans in requests of 10 000; returns the heap after a fifth and after all. */
async function flood(service: (i: number) => string, name: (i: number) => string) {
  let atFifth = 0;
  for (let first = 0; first < SPANS; first += PER_REQUEST) {
    const res = await fetch(`${otlp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: encode(first, PER_REQUEST, service, name),
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    if (first + PER_REQUEST === SPANS / 5) atFifth = heap();
  }
  await parts.topology!.flusher.flush();
  return { atFifth, atEnd: heap() };
}

const overflow = async (limit: string) =>
  metricSum(await parts.metrics.registry.metrics(), 'faultline_cardinality_overflow_total', { limit });

describe('unbounded cardinality', () => {
  it('a million distinct services: series and topology stay capped, the rest overflows, the heap stays flat', async () => {
    const before = heap();
    const { atFifth, atEnd } = await flood(
      (i) => `svc-${i}`,
      () => 'GET /',
    );
    const graph = (await (await fetch(`${api}/api/v1/topology`)).json()) as {
      nodes: Array<{ id: string }>;
      edges: Array<{ source: string; target: string; calls: number }>;
    };
    expect(graph.edges.length).toBeLessThanOrEqual(MAX_EDGES + 1);
    const spill = graph.edges.find((e) => e.source === OVERFLOW_NODE && e.target === OVERFLOW_NODE);
    expect(spill?.calls).toBe(SPANS - MAX_EDGES);
    expect(await overflow('topology_edges')).toBe(SPANS - MAX_EDGES);
    expect(await overflow('series_subjects')).toBeGreaterThanOrEqual(SPANS - 2 * MAX_EDGES);
    expect(parts.topology!.builder.pendingSpans).toBeLessThanOrEqual(100_000);
    expect(await (await fetch(`${api}/healthz`)).json()).toEqual({ status: 'ok' });
    // Past the caps (reached within the first fifth), 800 000 more services cost nothing lasting.
    expect(atEnd - atFifth).toBeLessThan(48 * 1024 * 1024);
    console.log(
      `cardinality, services: heap ${mib(before)} -> ${mib(atFifth)} (200k) -> ${mib(atEnd)} MiB (1M); ${graph.edges.length} edges`,
    );
  }, 180_000);

  it('a million distinct span names of one service: the SLO counts every span, the heap stays flat', async () => {
    const before = heap();
    const { atFifth, atEnd } = await flood(
      () => 'checkout',
      (i) => `GET /item/${i}`,
    );
    expect(await sloCounts(api, 'checkout/availability')).toEqual({ good: SPANS, total: SPANS });
    expect(atEnd - atFifth).toBeLessThan(48 * 1024 * 1024);
    console.log(
      `cardinality, span names: heap ${mib(before)} -> ${mib(atFifth)} (200k) -> ${mib(atEnd)} MiB (1M)`,
    );
  }, 180_000);
});

function mib(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}
