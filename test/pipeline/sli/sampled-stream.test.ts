import { create, toBinary } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { decodeSpans } from '../../../ingest/decode/index.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { Watermark } from '../../../pipeline/event-time.js';
import { PipelineSink } from '../../../pipeline/pipeline-sink.js';
import { SampledSlos } from '../../../pipeline/sli/span-weight.js';
import type { Slo } from '../../../pipeline/slo/slo.js';
import { SloStatusReader } from '../../../pipeline/status/slo-status-reader.js';
import { MemoryWindowStore } from '../../../pipeline/window/memory-window-store.js';
import { ExportTraceServiceRequestSchema } from '../../../schemas/gen/opentelemetry/proto/collector/trace/v1/trace_service_pb.js';
import { Rng } from '../../../sim/random.js';

const T = 1_763_000_040_000;
const M = Math.floor(T / 60_000);
/** OTEP 235: a 10 % sampler rejects randomness values below (1 - 0.1) x 2^56. */
const THRESHOLD_HEX = 'e6666666666666';
const THRESHOLD = BigInt(`0x${THRESHOLD_HEX}`);
const UNSAMPLED = 20_000;

const slo = (service: string): Slo => ({
  id: `${service}/availability`,
  service,
  name: 'availability',
  objective: 0.99,
  periodMinutes: 30 * 1440,
  sli: { kind: 'availability', spans: { operations: [], attributes: {} } },
  labels: {},
  origin: { file: 't', format: 'native' },
});
const SLOS = [slo('checkout'), slo('payment')];

interface GenSpan {
  traceId: Uint8Array;
  failed: boolean;
}

/** The unsampled stream: random trace ids (their low 56 bits are the OTEP 235 randomness), 5 % failing. */
function stream(seed: number, count: number): GenSpan[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const traceId = new Uint8Array(16);
    for (let i = 0; i < 16; i += 4) new DataView(traceId.buffer).setUint32(i, rng.uint32());
    return { traceId, failed: rng.uint32() / 2 ** 32 < 0.05 };
  });
}

/** Kept by the consistent sampler: randomness (the trace id's last 7 bytes) at or above the threshold. */
function kept(s: GenSpan): boolean {
  let r = 0n;
  for (const b of s.traceId.subarray(9)) r = (r << 8n) | BigInt(b);
  return r >= THRESHOLD;
}

/** An OTLP export of `spans` as server spans of `service`, each with the given tracestate and attributes. */
function export_(service: string, spans: GenSpan[], traceState: string, attrs: Record<string, number> = {}) {
  const end = BigInt(T) * 1_000_000n;
  return toBinary(
    ExportTraceServiceRequestSchema,
    create(ExportTraceServiceRequestSchema, {
      resourceSpans: [
        {
          resource: {
            attributes: [{ key: 'service.name', value: { value: { case: 'stringValue', value: service } } }],
          },
          scopeSpans: [
            {
              spans: spans.map((s, i) => ({
                traceId: s.traceId,
                spanId: new Uint8Array([
                  0,
                  0,
                  0,
                  0,
                  (i >>> 24) & 255,
                  (i >>> 16) & 255,
                  (i >>> 8) & 255,
                  (i & 255) | 1,
                ]),
                traceState,
                name: 'GET /cart',
                kind: 2,
                startTimeUnixNano: end - 1_000_000n,
                endTimeUnixNano: end,
                status: { code: s.failed ? 2 : 0 },
                attributes: Object.entries(attrs).map(([key, v]) => ({
                  key,
                  value: { value: { case: 'doubleValue' as const, value: v } },
                })),
              })),
            },
          ],
        },
      ],
    }),
  );
}

function setup(ratioAttribute?: string) {
  const store = new MemoryWindowStore();
  const sampled = new SampledSlos();
  const sink = new PipelineSink({
    slos: SLOS,
    store,
    watermark: new Watermark(5, () => M),
    allowedLatenessMinutes: 5,
    metrics: new EngineMetrics({ processMetrics: false }),
    logger: silentLogger(),
    sampling: { ...(ratioAttribute ? { ratioAttribute } : {}), sampled },
  });
  const status = new SloStatusReader(SLOS, store, [60], sampled);
  return { sink, status };
}

describe('span SLIs from a 10 % sampled stream', () => {
  const all = stream(42, UNSAMPLED);
  const sample = all.filter(kept);
  const exactBad = all.filter((s) => s.failed).length;

  it('count each kept span with its OTEP 235 adjusted count, close to the exact unsampled count', async () => {
    const { sink, status } = setup();
    // One export per 1 000 spans, through the same fast decoder the receivers use.
    for (let i = 0; i < sample.length; i += 1000) {
      const bytes = export_('checkout', sample.slice(i, i + 1000), `ot=th:${THRESHOLD_HEX}`);
      await sink.write({ spans: decodeSpans(bytes, 'otlp_proto'), metrics: [] }, { source: 'otlp-grpc' });
    }
    await sink.write(
      { spans: decodeSpans(export_('payment', all.slice(0, 500), ''), 'otlp_proto'), metrics: [] },
      { source: 'otlp-grpc' },
    );
    const [checkout, payment] = await status.read(M + 1);

    // About a tenth of the stream was kept, and every kept span counts as 10.
    expect(sample.length).toBeGreaterThan(UNSAMPLED * 0.09);
    expect(sample.length).toBeLessThan(UNSAMPLED * 0.11);
    expect(checkout?.total).toBe(sample.length * 10);
    expect((checkout?.total ?? 0) - (checkout?.good ?? 0)).toBe(sample.filter((s) => s.failed).length * 10);

    // Against the exact count: within four standard deviations of a 10 % Bernoulli sample.
    const sdTotal = Math.sqrt((UNSAMPLED * 0.9) / 0.1);
    expect(Math.abs((checkout?.total ?? 0) - UNSAMPLED)).toBeLessThan(4 * sdTotal);
    const sdBad = Math.sqrt((exactBad * 0.9) / 0.1);
    expect(Math.abs((checkout?.total ?? 0) - (checkout?.good ?? 0) - exactBad)).toBeLessThan(4 * sdBad);

    // Flagged in the SLO status; an SLO fed unsampled spans is exact and says so.
    expect(checkout?.sampled).toBe(true);
    expect(payment).toMatchObject({ total: 500, sampled: false });
  });

  it('counts a configured sampling-ratio attribute when the span carries no threshold', async () => {
    const { sink, status } = setup('sampling.probability');
    const spans = decodeSpans(
      export_('checkout', sample, '', { 'sampling.probability': 0.1 }),
      'otlp_proto',
      {
        spanAttributes: new Set(['sampling.probability']),
      },
    );
    await sink.write({ spans, metrics: [] }, { source: 'otlp-http' });
    const [checkout] = await status.read(M + 1);
    expect(checkout).toMatchObject({ total: sample.length * 10, sampled: true });
  });

  it('without a threshold or a configured attribute, counts every span once', async () => {
    const { sink, status } = setup();
    const spans = decodeSpans(export_('checkout', sample, '', { 'sampling.probability': 0.1 }), 'otlp_proto');
    await sink.write({ spans, metrics: [] }, { source: 'otlp-http' });
    const [checkout] = await status.read(M + 1);
    expect(checkout).toMatchObject({ total: sample.length, sampled: false });
  });
});
