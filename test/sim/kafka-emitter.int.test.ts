import type { Admin } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMetrics, decodeSpans } from '../../ingest/decode/index.js';
import { KafkaEmitter } from '../../sim/emitters/kafka.js';
import { parseFault } from '../../sim/faults.js';
import { runSimulation } from '../../sim/run.js';
import { createTopics, readAll, testKafka } from '../support/kafka.js';
import { uniqueName } from '../support/services.js';
import { T0 } from './sim-support.js';

const kafka = testKafka();
let topics: string[] = [];

async function withAdmin(fn: (admin: Admin) => Promise<void>): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

afterEach(async () => {
  const doomed = topics;
  topics = [];
  await withAdmin((admin) => admin.deleteTopics({ topics: doomed }));
});

async function freshTopics(): Promise<{ spans: string; metrics: string }> {
  const spans = uniqueName('sim-spans');
  const metrics = uniqueName('sim-metrics');
  topics = [spans, metrics];
  await withAdmin((admin) => createTopics(admin, topics, 3));
  return { spans, metrics };
}

const options = {
  seed: 31,
  fromMs: T0,
  toMs: T0 + 30_000,
  load: { rate: 3 },
  faults: [parseFault('latency:user:+50ms@+0s/30s', T0)],
};

describe('Kafka emitter (real broker)', () => {
  it('writes one trace per message keyed by trace id, and metrics, as the Collector does', async () => {
    const t = await freshTopics();
    const emitter = new KafkaEmitter({ kafka, topics: t, batchMessages: 25 });
    const summary = await runSimulation({ ...options, batch: 'trace' }, emitter);
    expect(emitter.sent).toBe(summary.payloads);

    const spanMessages = await readAll(kafka, t.spans, summary.traces);
    expect(spanMessages).toHaveLength(summary.traces);
    let spans = 0;
    for (const m of spanMessages) {
      const records = decodeSpans(m.value ?? new Uint8Array(), 'otlp_proto');
      expect(new Set(records.map((r) => r.traceId))).toEqual(new Set([m.key?.toString()]));
      spans += records.length;
    }
    expect(spans).toBe(summary.spans);

    const metricMessages = await readAll(kafka, t.metrics, summary.steps);
    const points = metricMessages.flatMap((m) => decodeMetrics(m.value ?? new Uint8Array(), 'otlp_proto'));
    expect(points).toHaveLength(summary.metricPoints);
    expect(metricMessages.every((m) => m.key === null)).toBe(true);
  });

  it('batches about N spans per message without keys when asked', async () => {
    const t = await freshTopics();
    const summary = await runSimulation({ ...options, batch: 100 }, new KafkaEmitter({ kafka, topics: t }));
    const messages = await readAll(kafka, t.spans, summary.payloads - summary.steps);
    const counts = messages.map((m) => decodeSpans(m.value ?? new Uint8Array(), 'otlp_proto').length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(summary.spans);
    expect(Math.max(...counts)).toBeLessThanOrEqual(100);
    expect(messages.every((m) => m.key === null)).toBe(true);
  });
});
