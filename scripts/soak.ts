/**
 * `npm run soak -- --minutes <N> [--rate <traces/s>] [--interval <s>]`: runs one engine
 * process against the test services (Kafka and Redis of scripts/services.sh) for N minutes
 * under steady simulated Sock Shop traffic (one trace per Kafka message, keyed by trace id,
 * plus metrics), and prints every interval (30 s) a row of throughput, consumer lag, RSS,
 * heap and event-loop delay, read from the engine's own /metrics, then a summary. Its topics
 * and keys are its own and are removed at the end.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { MemoryEmitter, runSimulation, type SimPayload } from '../sim/index.js';
import { formatRow, header, metric, type SoakRow, summary } from './soak-report.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '400' },
    interval: { type: 'string', default: '30' },
    brokers: { type: 'string', default: '127.0.0.1:9092' },
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const intervalS = Number(values.interval);
if (!(minutes > 0 && rate > 0 && intervalS > 0)) {
  process.stderr.write('usage: npm run soak -- --minutes <N> [--rate <traces/s>] [--interval <s>]\n');
  process.exit(2);
}

const id = randomUUID().slice(0, 8);
const spansTopic = `soak-spans-${id}`;
const metricsTopic = `soak-metrics-${id}`;
const prefix = `soak:${id}:`;

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const [l1, l5, l15] = loadavg().map((l) => l.toFixed(2));
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average ${l1} ${l5} ${l15}`;
}

function writeConfig(dir: string): string {
  writeFileSync(
    join(dir, 'slos.yaml'),
    `slos:
  - { service: front-end, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }
  - { service: front-end, name: latency, objective: 99, period: 30d, sli: { latency: { threshold: 500ms } } }
  - { service: orders, name: availability, objective: 99.5, period: 28d, sli: { availability: {} } }
  - { service: catalogue, name: latency, objective: 99, period: 7d, sli: { latency: { threshold: 200ms } } }
`,
  );
  const file = join(dir, 'faultline.yaml');
  writeFileSync(
    file,
    `http: { port: 0 }
otlp: { enabled: false }
kafka:
  brokers: [${values.brokers}]
  groupId: soak-${id}
  initialOffset: earliest
  topics: { spans: { name: ${spansTopic} }, metrics: { name: ${metricsTopic} } }
redis: { url: "${values.redis}", keyPrefix: "${prefix}" }
slos: { files: [slos.yaml] }
log: { level: warn }
`,
  );
  return file;
}

/** Starts `faultline serve` as its own process; resolves with its API address. */
function startEngine(config: string): Promise<{ child: ChildProcess; api: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'serve', '--config', config], {
    cwd: repo,
    env: { ...process.env, FAULTLINE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (!line.includes('"faultline is running"')) continue;
        resolve({ child, api: String((JSON.parse(line) as { api: string }).api) });
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}`)));
  });
}

/** Live simulated traffic, one-second steps, each step's messages spread over the next second. */
async function produce(kafka: Kafka, untilMs: number, counts: { records: number }): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const queue: Array<{ topic: string; message: Message; records: number }> = [];
  const toMessage = (p: SimPayload) => ({
    topic: p.signal === 'traces' ? spansTopic : metricsTopic,
    message: { key: p.signal === 'traces' ? (p.traceId ?? null) : null, value: Buffer.from(p.bytes) },
    records: p.signal === 'traces' ? p.spans : p.points,
  });
  const emitter = new MemoryEmitter((p) => {
    queue.push(toMessage(p));
  });
  const sim = runSimulation(
    {
      seed: 42,
      fromMs: Date.now(),
      toMs: untilMs,
      stepMs: 1000,
      load: { rate, amplitude: 0, noise: 0.05 },
      batch: 'trace',
      speed: 1,
    },
    emitter,
  );
  let simDone = false;
  void sim.finally(() => {
    simDone = true;
  });
  while (!simDone || queue.length > 0) {
    const take = queue.splice(0, Math.max(1, Math.ceil(queue.length / 10)));
    for (const topic of [spansTopic, metricsTopic]) {
      const messages = take.filter((t) => t.topic === topic);
      if (messages.length === 0) continue;
      await producer.send({ topic, acks: -1, messages: messages.map((t) => t.message) });
      counts.records += messages.reduce((a, t) => a + t.records, 0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await sim;
  await producer.disconnect();
}

async function main(): Promise<void> {
  execFileSync('bash', [join(repo, 'scripts/services.sh'), 'up'], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(
    `soak: ${minutes} min at ${rate} traces/s (about ${(rate * 9).toFixed(0)} spans/s) on ${machine()}`,
  );
  const kafka = new Kafka({
    clientId: 'faultline-soak',
    brokers: values.brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: spansTopic, numPartitions: 4 },
      { topic: metricsTopic, numPartitions: 1 },
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'faultline-soak-'));
  const engine = await startEngine(writeConfig(dir));
  const started = Date.now();
  const endAt = started + minutes * 60_000;
  const produced = { records: 0 };
  const producing = produce(kafka, endAt, produced);

  const rows: SoakRow[] = [];
  console.log(header());
  let last = { at: started, produced: 0, ingested: 0 };
  let ingested = 0;
  while (Date.now() < endAt) {
    await new Promise((r) => setTimeout(r, Math.min(intervalS * 1000, endAt - Date.now())));
    const text = await (await fetch(`${engine.api}/metrics`)).text();
    const now = Date.now();
    ingested = metric(text, 'faultline_ingest_records_total');
    const seconds = (now - last.at) / 1000;
    const row: SoakRow = {
      at: (now - started) / 1000,
      producedPerS: (produced.records - last.produced) / seconds,
      ingestedPerS: (ingested - last.ingested) / seconds,
      lag: metric(text, 'faultline_kafka_consumer_lag'),
      rssMiB: rssOf(engine.child.pid) / 2 ** 20,
      heapMiB: metric(text, 'faultline_nodejs_heap_size_used_bytes') / 2 ** 20,
      loopP99Ms: metric(text, 'faultline_nodejs_eventloop_lag_p99_seconds') * 1000,
      loopMaxMs: metric(text, 'faultline_nodejs_eventloop_lag_max_seconds') * 1000,
      load1: loadavg()[0] ?? 0,
    };
    rows.push(row);
    console.log(formatRow(row));
    last = { at: now, produced: produced.records, ingested };
  }
  await producing;
  // Let the engine catch up, so produced and ingested records can be compared.
  for (let i = 0; i < 60 && ingested < produced.records; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    ingested = metric(await (await fetch(`${engine.api}/metrics`)).text(), 'faultline_ingest_records_total');
  }
  console.log(
    `\nsummary (${machine()}):\n${summary(rows, { produced: produced.records, ingested, seconds: (Date.now() - started) / 1000 })}`,
  );

  engine.child.kill('SIGTERM');
  await new Promise((r) => engine.child.once('exit', r));
  await admin
    .deleteTopics({ topics: [spansTopic, metricsTopic, `${spansTopic}.dlq`, `${metricsTopic}.dlq`] })
    .catch(() => {});
  await admin.disconnect();
  const redis = new Redis(values.redis);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
}

function rssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
