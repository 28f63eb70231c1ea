import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EngineProcess, spawnEngine } from '../../support/engine-process.js';
import { waitFor } from './ports.js';
import type { Counts } from './telemetry.js';

/** A `faultline serve` process of a test, with its API address. */
export interface RunningEngine extends EngineProcess {
  api: string;
  /** The OTLP/HTTP receiver's address, when it runs. */
  otlp: string | undefined;
  pid: number;
}

/**
 * Writes `faultline.yaml` (and `slos.yaml` beside it) into a new temporary directory and
 * returns the config file's path.
 */
export function writeConfig(config: string, slos: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-reliability-'));
  writeFileSync(join(dir, 'slos.yaml'), slos);
  const file = join(dir, 'faultline.yaml');
  writeFileSync(file, config);
  return file;
}

/** Native SLO documents: an availability SLO (99.9 %, 30 days) per service. */
export function availabilitySlos(...services: string[]): string {
  const lines = services.map(
    (s) =>
      `  - { service: ${s}, name: availability, objective: 99.9, period: 30d, sli: { availability: {} } }`,
  );
  return `slos:\n${lines.join('\n')}\n`;
}

/** Every engine a test file started, so `afterAll` can kill what is left. */
export class Engines {
  readonly all: RunningEngine[] = [];

  /** Starts `faultline serve --config <file>` and waits until it runs. */
  async start(configFile: string, env: Record<string, string> = {}): Promise<RunningEngine> {
    const engine = spawnEngine(['serve', '--config', configFile], { FAULTLINE_LOG_LEVEL: 'info', ...env });
    const running: RunningEngine = { ...engine, api: '', otlp: undefined, pid: engine.child.pid ?? -1 };
    this.all.push(running);
    const exited = engine.exited.then((code) => {
      throw new Error(`engine exited with ${code} before it ran; stderr: ${engine.stderr().slice(0, 2000)}`);
    });
    const line = await Promise.race([
      engine.waitForLog((e) => e.msg === 'faultline is running', 90_000),
      exited,
    ]);
    running.api = String(line.api);
    running.otlp = line.otlp === undefined ? undefined : String(line.otlp);
    return running;
  }

  /** SIGKILLs every engine still running. */
  killAll(): void {
    for (const e of this.all)
      if (e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
  }
}

/** SIGTERM, then the exit code (or signal name). */
export async function stopEngine(engine: RunningEngine): Promise<number | string> {
  engine.child.kill('SIGTERM');
  return engine.exited;
}

/** The SLO's good and total events over its period, as the API reports them. */
export async function sloCounts(api: string, sloId: string): Promise<Counts> {
  const res = await fetch(`${api}/api/v1/slos/${encodeURIComponent(sloId)}`);
  if (!res.ok) throw new Error(`GET slo ${sloId}: ${res.status}`);
  const body = (await res.json()) as Counts;
  return { good: body.good, total: body.total };
}

/** The engine's `/metrics` text. */
export async function scrape(api: string): Promise<string> {
  return (await fetch(`${api}/metrics`)).text();
}

/** Sum of every sample of metric `name` whose labels include `labels`. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = m[3] ?? '';
    if (Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) sum += Number(m[4]);
  }
  return sum;
}

/** Resident set size of a process, bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** `/readyz` status code and the failing checks' names. */
export async function readiness(api: string): Promise<{ status: number; failing: string[] }> {
  const res = await fetch(`${api}/readyz`);
  const body = (await res.json()) as { checks: Array<{ name: string; ok: boolean }> };
  return { status: res.status, failing: body.checks.filter((c) => !c.ok).map((c) => c.name) };
}

/** Resolves once `engine` has taken at least one Kafka message since it started. */
export async function consuming(engine: RunningEngine): Promise<void> {
  await waitFor(
    'the engine consumes',
    async () => metricSum(await scrape(engine.api), 'faultline_ingest_messages_total') > 0,
    60_000,
    100,
  );
}

/**
 * The `kafka:` section of a crash test's engine: reads `topic` (and `<topic>-metrics`) from
 * the start in group `groupId`, notices a killed member within seconds, commits every second.
 */
export function crashKafkaYaml(brokers: readonly string[], topic: string, groupId: string): string {
  return `kafka:
  brokers: [${brokers.join(', ')}]
  groupId: ${groupId}
  initialOffset: earliest
  sessionTimeoutMs: 6000
  rebalanceTimeoutMs: 6000
  commitIntervalMs: 1000
  topics: { spans: { name: ${topic} }, metrics: { name: ${topic}-metrics } }`;
}
