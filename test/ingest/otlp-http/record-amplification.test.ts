import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../config/schema.js';
import { buildOtlpHttpApp } from '../../../ingest/otlp-http/receiver.js';
import { silentLogger } from '../../../observability/logger.js';
import { EngineMetrics } from '../../../observability/metrics.js';
import { emptyGaugePoints, emptyJsonSpans, emptySpans } from '../../support/amplification.js';
import { CollectingSink } from '../../support/collecting-sink.js';

// Regression: a 16 KiB gzip export of 8.4 M empty spans became 8.4 M span records (1.3 GB of
// heap) before validation refused them; empty gauge points were even accepted as valid. Now
// records are counted as they are decoded: past the cap the export answers 400, and below it
// invalid records are counted into partial_success without being kept.
const defaults = configSchema.parse({}).otlp;
let app: FastifyInstance;
let sink: CollectingSink;
let metrics: EngineMetrics;

beforeAll(async () => {
  sink = new CollectingSink();
  metrics = new EngineMetrics({ processMetrics: false });
  app = buildOtlpHttpApp({
    sink,
    metrics,
    logger: silentLogger(),
    maxBodyBytes: defaults.maxBodyBytes,
    maxRecordsPerExport: defaults.maxRecordsPerExport,
  });
  await app.ready();
});
afterAll(async () => app.close());

const post = (url: string, body: Buffer, type: string, gzip = true) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    payload: body,
  });

async function rejectedFor(reason: string): Promise<number> {
  const m = await metrics.registry.getSingleMetric('faultline_ingest_rejected_requests_total')?.get();
  return (m?.values ?? []).filter((v) => v.labels.reason === reason).reduce((a, v) => a + v.value, 0);
}

describe('record amplification', () => {
  it('16 KiB of gzip holding 8.4 M empty spans became 8.4 M records; now 400 at the record cap', async () => {
    const p = emptySpans();
    expect(p.gzip.length).toBeLessThan(20_000);
    expect(p.raw.length).toBeLessThan(defaults.maxBodyBytes);
    const res = await post('/v1/traces', p.gzip, 'application/x-protobuf');
    expect(res.statusCode).toBe(400);
    expect(await rejectedFor('too many records')).toBe(1);
    expect(sink.spans).toHaveLength(0);
  });

  it('8.4 M empty gauge points were accepted as valid records; now 400 at the cap', async () => {
    const res = await post('/v1/metrics', emptyGaugePoints().gzip, 'application/x-protobuf');
    expect(res.statusCode).toBe(400);
    expect(await rejectedFor('too many records')).toBe(2);
  });

  it('5.6 M {} spans in OTLP/JSON were parsed whole; now refused before parsing', async () => {
    const res = await post('/v1/traces', emptyJsonSpans().gzip, 'application/json');
    expect(res.statusCode).toBe(400);
    expect(await rejectedFor('too many records')).toBe(3);
  });

  it('below the cap, empty spans and points are rejected in partial_success, none kept', async () => {
    const spans = await post('/v1/traces', emptySpans(5000).raw, 'application/x-protobuf', false);
    expect(spans.statusCode).toBe(200);
    const points = await post('/v1/metrics', emptyGaugePoints(5000).raw, 'application/x-protobuf', false);
    expect(points.statusCode).toBe(200);
    const invalid = await metrics.registry.getSingleMetric('faultline_ingest_invalid_records_total')?.get();
    const byReason = Object.fromEntries((invalid?.values ?? []).map((v) => [v.labels.reason, v.value]));
    expect(byReason).toEqual({ 'invalid trace id': 5000, 'point without a time': 5000 });
    expect(sink.spans).toHaveLength(0);
    expect(sink.metrics).toHaveLength(0);
  });
});
