#!/usr/bin/env node
// Waits until a Kafka broker really serves requests (admin connect + describeCluster + listTopics +
// a group-coordinator lookup), not merely until its port is open. Used by scripts/services.sh.
//
//   node scripts/wait-kafka.mjs [--port 9092] [--host 127.0.0.1] [--timeout 90] [--pid PID]
//                               [--log FILE]... [--quiet]
//
// Exits 0 when the broker answers; 1 (with the last lines of each --log file) when it never does
// within --timeout seconds, or as soon as the process --pid (the broker's JVM) has exited.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

function parseArgs(argv) {
  const opts = { host: '127.0.0.1', port: 9092, timeout: 90, pid: undefined, logs: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`missing value for ${arg}`);
      return value;
    };
    if (arg === '--host') opts.host = next();
    else if (arg === '--port') opts.port = Number(next());
    else if (arg === '--timeout') opts.timeout = Number(next());
    else if (arg === '--pid') opts.pid = Number(next());
    else if (arg === '--log') opts.logs.push(next());
    else if (arg === '--quiet') opts.quiet = true;
    else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.port) || opts.port <= 0) throw new Error(`bad --port: ${opts.port}`);
  if (!Number.isFinite(opts.timeout) || opts.timeout <= 0) throw new Error(`bad --timeout: ${opts.timeout}`);
  return opts;
}

// false once the process is gone (or a zombie)
function processAlive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function tail(file, lines) {
  if (!existsSync(file)) return `(${file} does not exist)`;
  // skip the tab-indented "key = value" dumps Kafka logs for every config it parses
  const all = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\t'));
  return all.slice(-lines - 1).join('\n');
}

async function probe(kafka) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no brokers in metadata');
    if (cluster.controller === null || cluster.controller === undefined || cluster.controller < 0) {
      throw new Error('no active controller yet');
    }
    await admin.listTopics();
    // Finding a group coordinator makes the broker create __consumer_offsets on first use; once
    // this answers, consumer groups work without "group coordinator is not available" retries.
    await admin.describeGroups(['faultline-wait-kafka-probe']);
    return cluster;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const broker = `${opts.host}:${opts.port}`;
  const kafka = new Kafka({
    clientId: 'faultline-wait-kafka',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 0 },
  });
  const started = Date.now();
  const deadline = started + opts.timeout * 1000;
  let attempts = 0;
  let lastError = 'no attempt made';
  let exited = false;
  while (Date.now() < deadline) {
    if (opts.pid !== undefined && !processAlive(opts.pid)) {
      exited = true;
      break;
    }
    attempts++;
    try {
      const cluster = await probe(kafka);
      if (!opts.quiet) {
        const secs = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `services: kafka: ${broker} ready (cluster ${cluster.clusterId}, controller ${cluster.controller}) after ${secs}s, ${attempts} attempt(s)`,
        );
      }
      return 0;
    } catch (err) {
      lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
  if (!opts.quiet) {
    console.error(
      exited
        ? `services: kafka: the broker process (pid ${opts.pid}) exited before ${broker} became ready`
        : `services: kafka: ${broker} did not become ready within ${opts.timeout}s (${attempts} attempts); last error: ${lastError}`,
    );
    for (const file of opts.logs) {
      console.error(`services: kafka: last lines of ${file}:`);
      console.error(tail(file, 30));
    }
  }
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`services: kafka: wait-kafka failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
