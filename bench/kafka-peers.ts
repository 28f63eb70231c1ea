import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { BENCH_BROKERS } from './services.js';

/** What a peer read from the e2e topic, and how fast. */
export interface PeerRead {
  messages: number;
  bytes: number;
  messages_per_s: number;
}

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const BROKER_LIBS = root('.services/kafka/libs');
const TOOLS_LIBS = root('.services/kafka/tools');

/**
 * The jars of Kafka's tools at the broker's version (scripts/kafka/tools-pom.xml), fetched
 * once with Maven beside the broker's own; returns the class path with both.
 */
export function kafkaToolsClassPath(): string {
  if (!existsSync(TOOLS_LIBS) || !readdirSync(TOOLS_LIBS).some((f) => f.startsWith('kafka-tools-'))) {
    execFileSync(
      'mvn',
      [
        '-q',
        '-f',
        root('scripts/kafka/tools-pom.xml'),
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-DoutputDirectory=${TOOLS_LIBS}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  return `${BROKER_LIBS}/*:${TOOLS_LIBS}/*`;
}

/** The version of the Kafka tools jar the bench runs (the broker's), from its file name. */
export function kafkaToolsVersion(): string {
  const jar = existsSync(TOOLS_LIBS)
    ? readdirSync(TOOLS_LIBS).find((f) => /^kafka-tools-\d/.test(f))
    : undefined;
  return jar?.replace(/^kafka-tools-/, '').replace(/\.jar$/, '') ?? 'not fetched';
}

/**
 * Kafka's own consumer benchmark (`kafka-consumer-perf-test.sh`, class
 * org.apache.kafka.tools.ConsumerPerformance) reading `messages` messages of `topic` in a
 * new group. Its rate is `fetch.nMsg.sec`: messages over the fetch time, without the time
 * it took to join the group (faultline's rate also counts from its first record).
 */
export function consumerPerformance(topic: string, messages: number): PeerRead {
  const out = execFileSync(
    'java',
    [
      '-Xmx512m',
      `-Dlog4j.configuration=file:${root('scripts/kafka/log4j.properties')}`,
      '-cp',
      kafkaToolsClassPath(),
      'org.apache.kafka.tools.ConsumerPerformance',
      '--bootstrap-server',
      BENCH_BROKERS.join(','),
      '--topic',
      topic,
      '--messages',
      String(messages),
      '--group',
      `bench-cperf-${Date.now()}`,
      '--timeout',
      '120000',
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 300_000 },
  );
  // A header line of comma-separated names, then one line of values.
  const lines = out
    .trim()
    .split('\n')
    .filter((l) => l.includes(','));
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const names = (lines[header] ?? '').split(',').map((s) => s.trim());
  const values = (lines[header + 1] ?? '').split(',').map((s) => s.trim());
  const field = (name: string) => Number(values[names.indexOf(name)]);
  const read = {
    messages: field('data.consumed.in.nMsg'),
    bytes: Math.round(field('data.consumed.in.MB') * 1024 * 1024),
    messages_per_s: Math.round(field('fetch.nMsg.sec')),
  };
  if (!(read.messages >= messages) || !Number.isFinite(read.messages_per_s)) {
    throw new Error(`ConsumerPerformance read ${read.messages} of ${messages} messages; output:\n${out}`);
  }
  return read;
}

/**
 * A bare kafkajs consumer (the client faultline uses) that only counts messages and bytes:
 * what the client alone can read, from its first batch to the last message.
 */
export async function bareKafkajs(topic: string, messages: number): Promise<PeerRead> {
  const kafka = new Kafka({
    clientId: 'faultline-bench-bare',
    brokers: BENCH_BROKERS,
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `bench-bare-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let bytes = 0;
  let first = 0;
  let last = 0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare kafkajs: ${count}/${messages} in 120 s`)), 120_000);
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (first === 0) first = performance.now();
        for (const m of batch.messages) bytes += m.value?.length ?? 0;
        count += batch.messages.length;
        if (count >= messages && last === 0) {
          last = performance.now();
          clearTimeout(timer);
          resolve();
        }
      },
    });
  });
  try {
    await done;
  } finally {
    await consumer.disconnect();
  }
  return { messages: count, bytes, messages_per_s: Math.round(count / ((last - first) / 1000)) };
}
