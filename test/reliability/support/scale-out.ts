import type { Admin, Producer } from 'kafkajs';
import { expect } from 'vitest';
import { USER_NODE } from '../../../topology/model.js';
import { createTopics } from '../../support/kafka.js';
import { KAFKA_BROKERS, uniqueName } from '../../support/services.js';
import {
  availabilitySlos,
  type Engines,
  metricSum,
  type RunningEngine,
  scrape,
  sloCounts,
  stopEngine,
  writeConfig,
} from './engine.js';
import { SloLoad } from './load.js';
import { sleep, waitFor } from './ports.js';
import { type Counts, traceEdges, traceMessage } from './telemetry.js';
import type { WebhookReceiver } from './webhook-receiver.js';

const ALERTS = ['SLOBudgetExhausted', 'SLOBurnRatePage', 'SLOBurnRateTicket'];
const TRACES_PER_MESSAGE = 20;

export interface ScaleOutOptions {
  admin: Admin;
  producer: Producer;
  engines: Engines;
  receiver: WebhookReceiver;
  /** The `redis:` section of the configuration (single node or cluster, with a key prefix). */
  redisYaml: string;
}

let batchKey = 0;

/** Sends `messages` messages of whole traces (each under a new key) and adds them to `expected`. */
async function sendTraces(producer: Producer, topic: string, messages: number, expected: Counts) {
  for (let i = 0; i < messages; i += 8) {
    const n = Math.min(8, messages - i);
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: n }, () => ({
        key: `trace-batch-${batchKey++}`,
        value: Buffer.from(traceMessage(TRACES_PER_MESSAGE, Date.now() - 30_000)),
      })),
    });
    expected.total += n * TRACES_PER_MESSAGE;
    expected.good += n * TRACES_PER_MESSAGE;
  }
}

/** How many of `engines` hold the evaluation lease now. */
async function leaders(engines: readonly RunningEngine[]): Promise<number> {
  const texts = await Promise.all(engines.map((e) => scrape(e.api)));
  return texts.reduce((a, t) => a + metricSum(t, 'faultline_alerting_leader'), 0);
}

async function consumed(engine: RunningEngine): Promise<number> {
  return metricSum(await scrape(engine.api), 'faultline_ingest_messages_total');
}

async function edgesOf(engine: RunningEngine): Promise<Map<string, number>> {
  const res = await fetch(`${engine.api}/api/v1/topology`);
  const body = (await res.json()) as { edges: Array<{ source: string; target: string; calls: number }> };
  return new Map(body.edges.map((e) => [`${e.source}>${e.target}`, e.calls]));
}

/**
 * Two engine instances in one consumer group over an 8-partition topic, then a third
 * joins, then one leaves (SIGTERM): after each step the SLO totals are exact, exactly one
 * instance holds the evaluation lease, every instance reads the same service graph, and
 * every alert transition reaches the webhook once.
 */
export async function scaleOutScenario(o: ScaleOutOptions): Promise<string> {
  const topic = uniqueName('scale-spans');
  await createTopics(o.admin, [topic], 8);
  await createTopics(o.admin, [`${topic}-metrics`], 1);
  try {
    const config = writeConfig(
      `http: { port: 0 }
otlp: { enabled: false }
kafka:
  brokers: [${KAFKA_BROKERS.join(', ')}]
  groupId: ${uniqueName('scale-group')}
  initialOffset: earliest
  sessionTimeoutMs: 6000
  rebalanceTimeoutMs: 6000
  commitIntervalMs: 1000
  topics: { spans: { name: ${topic} }, metrics: { name: ${topic}-metrics } }
${o.redisYaml}
slos: { files: [slos.yaml] }
topology: { flushIntervalMs: 1000, waitMs: 3000 }
alerting:
  rules: { keepFiringForMs: 0, noData: { enabled: false } }
  evaluation: { schedule: "* * * * * *" }
  lease: { periodMs: 2000 }
  dispatch: { intervalMs: 200, claimTimeoutMs: 2000, initialBackoffMs: 200 }
  notifiers:
    webhook: [{ name: scale, url: "${o.receiver.url}", secret: "scale-out-secret-0123" }]
log: { level: warn }
`,
      availabilitySlos('checkout', 'frontend'),
    );
    const checkout = new SloLoad(o.producer, topic, 'checkout');
    const frontend: Counts = { good: 0, total: 0 };
    const totalsExact = async (engines: readonly RunningEngine[], what: string) => {
      for (const e of engines) {
        await waitFor(
          `${what}: counted`,
          async () =>
            (await sloCounts(e.api, 'checkout/availability')).total >= checkout.expected.total &&
            (await sloCounts(e.api, 'frontend/availability')).total >= frontend.total,
          120_000,
          250,
        );
      }
      await sleep(2000);
      for (const e of engines) {
        expect(await sloCounts(e.api, 'checkout/availability'), what).toEqual(checkout.expected);
        expect(await sloCounts(e.api, 'frontend/availability'), what).toEqual(frontend);
      }
    };
    const oneLeader = (engines: readonly RunningEngine[], what: string) =>
      waitFor(`${what}: one leader`, async () => (await leaders(engines)) === 1, 20_000, 250);

    // Two instances; traffic that burns the checkout budget.
    const a = await o.engines.start(config);
    const b = await o.engines.start(config);
    await sendTraces(o.producer, topic, 40, frontend);
    await checkout.send(10, 50, 2);
    await totalsExact([a, b], 'two instances');
    await oneLeader([a, b], 'two instances');
    await waitFor('alerts fire', () => ALERTS.every((x) => o.receiver.of(x, 'firing').length > 0), 60_000);
    expect(await consumed(a)).toBeGreaterThan(0);
    expect(await consumed(b)).toBeGreaterThan(0);

    // A third joins; more traffic, now recovering the budget.
    const c = await o.engines.start(config);
    await waitFor(
      'the third takes partitions',
      async () => {
        await sendTraces(o.producer, topic, 8, frontend);
        return (await consumed(c)) > 0;
      },
      60_000,
      500,
    );
    await sendTraces(o.producer, topic, 40, frontend);
    await checkout.send(20, 2000, 0);
    await totalsExact([a, b, c], 'three instances');
    await oneLeader([a, b, c], 'three instances');

    // One leaves (SIGTERM: it drains, commits and leaves the group); the rest take over.
    expect(await stopEngine(b)).toBe(0);
    const beforeLeave = [await consumed(a), await consumed(c)];
    await sendTraces(o.producer, topic, 40, frontend);
    await checkout.send(10, 2000, 0);
    await totalsExact([a, c], 'after one left');
    await oneLeader([a, c], 'after one left');
    expect((await consumed(a)) + (await consumed(c))).toBeGreaterThan(beforeLeave[0]! + beforeLeave[1]!);
    await waitFor(
      'alerts resolve',
      () => ALERTS.every((x) => o.receiver.of(x, 'resolved').length > 0),
      60_000,
    );
    await sleep(3000);

    // One graph: every instance reads the same edges, with every trace's calls.
    const graphs = await Promise.all([edgesOf(a), edgesOf(c)]);
    for (const g of graphs) {
      expect([...g.keys()].sort()).toEqual([...traceEdges(), `${USER_NODE}>checkout`].sort());
      expect(g.get(`${USER_NODE}>frontend`)).toBeGreaterThanOrEqual(frontend.total);
    }
    expect([...graphs[0]!]).toEqual([...graphs[1]!]);

    for (const alert of ALERTS) {
      expect(o.receiver.of(alert, 'firing'), alert).toHaveLength(1);
      expect(o.receiver.of(alert, 'resolved'), alert).toHaveLength(1);
    }
    expect([...o.receiver.countsById().values()].every((n) => n === 1)).toBe(true);
    for (const e of [a, c]) expect(await stopEngine(e)).toBe(0);
    return `${checkout.expected.total} checkout + ${frontend.total} frontend events, ${o.receiver.deliveries.length} notifications, user>frontend ${graphs[0]!.get(`${USER_NODE}>frontend`)} calls`;
  } finally {
    await o.admin.deleteTopics({ topics: [topic, `${topic}-metrics`] }).catch(() => {});
  }
}
