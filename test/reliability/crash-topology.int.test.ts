import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisSeriesStore } from '../../pipeline/series/redis-series-store.js';
import type { Subject } from '../../pipeline/series/subject.js';
import { seeded } from '../../sim/random.js';
import { RedisGraphStore } from '../../topology/redis-graph-store.js';
import { createTopics, testKafka } from '../support/kafka.js';
import { testRedis } from '../support/redis.js';
import { KAFKA_BROKERS, REDIS_URL, uniqueName } from '../support/services.js';
import {
  availabilitySlos,
  consuming,
  crashKafkaYaml,
  Engines,
  metricSum,
  type RunningEngine,
  scrape,
  sloCounts,
  writeConfig,
} from './support/engine.js';
import { sleep, waitFor } from './support/ports.js';
import { traceEdgeCalls, traceMessage } from './support/telemetry.js';

// Exactly once beyond the SLI windows: the engine is killed with SIGKILL at random points
// while it ingests whole traces (a root request to `frontend` calling one of three
// backends), four times in a row, and restarted each time. Messages it applied but had
// not committed come again after each restart. In the end every topology edge has as many
// calls as were produced, and every signal series (per service and per edge) sums to the
// requests produced: none lost, none counted twice.
const KILLS = 4;
const TRACES = 20;
const topic = uniqueName('crash-topo-spans');
const redis = testRedis();
const engines = new Engines();
let admin: Admin;
let producer: Producer;
let configFile: string;

beforeAll(async () => {
  const kafka = testKafka();
  admin = kafka.admin();
  producer = kafka.producer();
  await Promise.all([admin.connect(), producer.connect()]);
  await createTopics(admin, [topic, `${topic}-metrics`], 4);
  configFile = writeConfig(
    `http: { port: 0 }
otlp: { enabled: false }
${crashKafkaYaml(KAFKA_BROKERS, topic, uniqueName('crash-topo-group'))}
redis: { url: "${REDIS_URL}", keyPrefix: "${redis.prefix}" }
slos: { files: [slos.yaml] }
topology: { waitMs: 3000 }
alerting: { rules: { noData: { enabled: false } } }
log: { level: warn }
`,
    availabilitySlos('frontend'),
  );
});

afterAll(async () => {
  engines.killAll();
  await admin.deleteTopics({ topics: [topic, `${topic}-metrics`] }).catch(() => {});
  await Promise.all([admin.disconnect(), producer.disconnect()]);
  await redis.cleanup();
});

/** Produces whole traces and keeps what the graph and the series must end up with. */
class TraceLoad {
  readonly calls = new Map<string, number>();
  traces = 0;
  private key = 0;
  private readonly endMs = Date.now() - 30_000;

  async send(messages: number): Promise<void> {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: messages }, () => ({
        key: `trace-${this.key++}`,
        value: Buffer.from(traceMessage(TRACES, this.endMs)),
      })),
    });
    for (const [edge, n] of traceEdgeCalls(TRACES))
      this.calls.set(edge, (this.calls.get(edge) ?? 0) + n * messages);
    this.traces += TRACES * messages;
  }
}

/** Requests of a subject summed over its series (rates per second times the 10 s buckets). */
async function seriesRequests(store: RedisSeriesStore, subject: Subject): Promise<number> {
  const now = Date.now();
  const r = await store.query({ subject, signals: ['requests'], fromMs: now - 600_000, toMs: now + 60_000 });
  const perSecond = (r.requests ?? []).reduce((a, p) => a + p.v, 0);
  return Math.round((perSecond * store.resolutionMs) / 1000);
}

describe('SIGKILL during ingest: topology edges and signal series', () => {
  it('counts every call and every request exactly once', async () => {
    const random = seeded(20_261_207);
    const load = new TraceLoad();
    let engine: RunningEngine = await engines.start(configFile);
    const kills: Array<{ afterMs: number }> = [];
    // Redelivered messages the windows skipped, summed over every process: proof that
    // messages did come again (the edges and series must have left them out too).
    let redelivered = 0;
    const redeliveredOf = async (e: RunningEngine) =>
      metricSum(await scrape(e.api).catch(() => ''), 'faultline_pipeline_duplicate_deltas_total');
    const killer = (async () => {
      for (let i = 0; i < KILLS; i++) {
        const started = Date.now();
        await consuming(engine);
        await sleep(random() * 2000);
        redelivered += await redeliveredOf(engine);
        engine.child.kill('SIGKILL');
        expect(await engine.exited).toBe('SIGKILL');
        kills.push({ afterMs: Date.now() - started });
        engine = await engines.start(configFile);
      }
    })();
    let killed = false;
    void killer.finally(() => {
      killed = true;
    });
    // Traffic until the last kill is over (bounded: at most 600 sends of 4 messages).
    for (let sends = 0; !killed && sends < 600; sends++) {
      await load.send(4);
      await sleep(200);
    }
    await killer;
    expect(kills).toHaveLength(KILLS);
    await waitFor(
      'every trace counted',
      async () => (await sloCounts(engine.api, 'frontend/availability')).total >= load.traces,
      120_000,
      250,
    );
    // More flushes and commits: nothing more may count.
    await sleep(3000);
    expect(await sloCounts(engine.api, 'frontend/availability')).toEqual({
      good: load.traces,
      total: load.traces,
    });

    redelivered += await redeliveredOf(engine);
    expect(redelivered).toBeGreaterThan(0);

    const client = redis.redis;
    const graph = new RedisGraphStore(client, { keyPrefix: redis.prefix });
    const series = new RedisSeriesStore(client, { keyPrefix: redis.prefix });
    const now = Date.now();
    const edges = await graph.read({ fromMs: now - 600_000, toMs: now + 60_000 });
    const counted = new Map(edges.map((e) => [`${e.source}>${e.target}`, e.calls]));
    expect(counted).toEqual(load.calls);
    for (const [edge, calls] of load.calls) {
      const [source = '', target = ''] = edge.split('>');
      expect(await seriesRequests(series, { kind: 'edge', source, target }), edge).toBe(calls);
      // Each edge's target is a service whose SERVER spans are exactly those calls.
      expect(await seriesRequests(series, { kind: 'service', service: target }), target).toBe(calls);
    }
    console.log(
      `crash-topology: ${load.traces} traces, ${redelivered} redelivered messages; kills ${JSON.stringify(kills)}; edges ${JSON.stringify([...counted])}`,
    );
    engine.child.kill('SIGTERM');
    expect(await engine.exited).toBe(0);
  }, 420_000);
});
