import { writeCases } from '../sim/cases/case-writer.js';
import type { Emitter } from '../sim/emitter.js';
import { FileEmitter, type FileFormat } from '../sim/emitters/files.js';
import { KafkaEmitter } from '../sim/emitters/kafka.js';
import { NullEmitter } from '../sim/emitters/memory.js';
import { OtlpHttpEmitter } from '../sim/emitters/otlp-http.js';
import { invalid } from '../sim/errors.js';
import { parseFault } from '../sim/faults.js';
import type { LoadShape } from '../sim/load-shape.js';
import { type RunOptions, type RunSummary, runSimulation } from '../sim/run.js';
import { iso, parseDuration, parseTime } from '../sim/time-spec.js';
import { TOPOLOGIES } from '../sim/topologies/index.js';
import type { Topology } from '../sim/topology.js';
import { parseCliArgs, UsageError } from './usage.js';

const HELP = `usage: faultline sim run --seed N --from TIME [--to TIME] [options] --out kafka|otlp|files|null
       faultline sim cases --out DIR --count N --seed N [options]

sim run: simulate a microservice shop (topology 'sockshop') in event time and emit OTLP
spans and metrics. Prints the ground truth of every fault as one JSON line on stdout.
  --seed N              PRNG seed (required); same seed and flags give byte-identical output
  --from TIME           first event time: RFC 3339, unix seconds, now, now-24h (required)
  --to TIME             end, exclusive (default now; endless with --speed)
  --step DUR            step: traces are drawn and metrics exported per step (default 10s)
  --rate R              mean traces per second over a day (default 2)
  --amplitude A         daily swing, 0..1 (default 0.5); --peak-hour H (UTC, default 15)
  --noise N             slow relative noise on the rate (default 0.1)
  --fault SPEC          repeatable: <type>:<target>[:<magnitude>]@<start>/<duration>
                          latency:carts:+300ms@+2h/15m     error:payment:30%@+1h/10m
                          cpu:catalogue:95%@now-30m/20m    outage:carts-db[:fail|:timeout]@+3h/5m
                        <start>: RFC 3339, unix seconds, now-1h, or +offset from --from
  --speed X             pace: event time runs X times wall time (1 with --from now = live)
  --batch trace|N       one trace per payload (keyed by trace id), or about N spans per payload
                        (default: trace for kafka, 500 otherwise)
  --temporality T       cumulative (default) or delta counters and histograms
  --topology NAME       ${Object.keys(TOPOLOGIES).join(', ')}
  --out kafka           --brokers host:port[,..] (127.0.0.1:9092), --spans-topic (otlp_spans),
                        --metrics-topic (otlp_metrics), --encoding otlp_proto|otlp_json
  --out otlp            --url base URL (http://127.0.0.1:4318): POST /v1/traces, /v1/metrics
  --out files           --dir D, --format binpb|ndjson|both (binpb)
  --out null            encode and discard (to measure)
  --quiet               no progress and summary on stderr

sim cases: write root-cause evaluation cases (case.json, metrics.csv, graph.csv, fault.json)
  --out DIR --count N --seed N   (all required)
  --rate R (10)  --lookback DUR (30m)  --after DUR (10m, also the fault's duration)  --step DUR (10s)`;

const OPTIONS = {
  seed: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  step: { type: 'string' },
  rate: { type: 'string' },
  amplitude: { type: 'string' },
  'peak-hour': { type: 'string' },
  noise: { type: 'string' },
  fault: { type: 'string', multiple: true },
  speed: { type: 'string' },
  batch: { type: 'string' },
  temporality: { type: 'string' },
  topology: { type: 'string' },
  out: { type: 'string' },
  brokers: { type: 'string' },
  'spans-topic': { type: 'string' },
  'metrics-topic': { type: 'string' },
  encoding: { type: 'string' },
  url: { type: 'string' },
  dir: { type: 'string' },
  format: { type: 'string' },
  count: { type: 'string' },
  lookback: { type: 'string' },
  after: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseCliArgs(argv, OPTIONS, HELP, true);
}

/** `faultline sim run|cases`: the traffic simulator and the root-cause case writer. */
export async function simCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const sub = positionals[0];
  if (values.help || sub === undefined || sub === 'help') {
    process.stdout.write(`${HELP}\n`);
    return values.help || sub === 'help' ? 0 : 2;
  }
  if (sub === 'run') return simRun(values);
  if (sub === 'cases') return simCases(values);
  throw new UsageError(`sim: unknown subcommand '${sub}' (run, cases)`, HELP);
}

async function simRun(v: Values): Promise<number> {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const fromMs = parseTime(required(v.from, 'from'), 'from', now);
  const toMs =
    v.to === undefined ? (v.speed === undefined ? now : undefined) : parseTime(v.to, 'to', now, fromMs);
  const out = required(v.out, 'out');
  const emitter = emitterFor(out, v);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const options: RunOptions = {
    seed: integer(required(v.seed, 'seed'), 'seed'),
    fromMs,
    ...(toMs === undefined ? {} : { toMs }),
    ...(v.step === undefined ? {} : { stepMs: parseDuration(v.step, 'step') }),
    topology: topologyOf(v.topology),
    load: loadOf(v),
    faults: (v.fault ?? []).map((f) => parseFault(f, fromMs, now)),
    batch:
      v.batch === undefined
        ? out === 'kafka'
          ? 'trace'
          : 500
        : v.batch === 'trace'
          ? 'trace'
          : integer(v.batch, 'batch'),
    ...(v.temporality === undefined
      ? {}
      : { temporality: oneOf(v.temporality, ['cumulative', 'delta'] as const, 'temporality') }),
    ...(v.speed === undefined ? {} : { speed: number(v.speed, 'speed') }),
    signal: controller.signal,
  };
  const wall = performance.now();
  let lastReport = wall;
  const progress = (s: RunSummary) => {
    if (v.quiet || performance.now() - lastReport < 5000) return;
    lastReport = performance.now();
    process.stderr.write(`sim: at ${iso(s.toMs)}: ${describe(s)}\n`);
  };
  const summary = await runSimulation(
    { ...options, onStep: progress },
    {
      ...wrap(emitter),
      groundTruth: async (truth) => {
        for (const t of truth) process.stdout.write(`${JSON.stringify(t)}\n`);
        await emitter.groundTruth?.(truth);
      },
    },
  ).finally(() => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  });
  if (!v.quiet) {
    const seconds = ((performance.now() - wall) / 1000).toFixed(1);
    process.stderr.write(
      `sim: ${iso(summary.fromMs)} .. ${iso(summary.toMs)}: ${describe(summary)} in ${seconds} s\n`,
    );
  }
  return 0;
}

async function simCases(v: Values): Promise<number> {
  const summaries = await writeCases({
    outDir: required(v.out, 'out'),
    count: integer(required(v.count, 'count'), 'count'),
    seed: integer(required(v.seed, 'seed'), 'seed'),
    topology: topologyOf(v.topology),
    load: loadOf(v),
    ...(v.lookback === undefined ? {} : { lookbackMs: parseDuration(v.lookback, 'lookback') }),
    ...(v.after === undefined ? {} : { afterMs: parseDuration(v.after, 'after') }),
    ...(v.step === undefined ? {} : { stepMs: parseDuration(v.step, 'step') }),
    onCase: (c) => {
      const line = {
        case: c.id,
        rootCause: c.truth.target,
        type: c.truth.type,
        slo: c.slo,
        sloBefore: c.sloBefore,
        sloDuring: c.sloDuring,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  });
  if (!v.quiet) process.stderr.write(`sim: wrote ${summaries.length} cases to ${v.out}\n`);
  return 0;
}

function emitterFor(out: string, v: Values): Emitter {
  switch (out) {
    case 'kafka':
      return new KafkaEmitter({
        brokers: (v.brokers ?? '127.0.0.1:9092').split(',').map((b) => b.trim()),
        topics: { spans: v['spans-topic'] ?? 'otlp_spans', metrics: v['metrics-topic'] ?? 'otlp_metrics' },
        encoding: oneOf(v.encoding ?? 'otlp_proto', ['otlp_proto', 'otlp_json'] as const, 'encoding'),
      });
    case 'otlp':
      return new OtlpHttpEmitter({ url: v.url ?? 'http://127.0.0.1:4318' });
    case 'files': {
      const format = oneOf(v.format ?? 'binpb', ['binpb', 'ndjson', 'both'] as const, 'format');
      const formats: FileFormat[] = format === 'both' ? ['binpb', 'ndjson'] : [format];
      return new FileEmitter({ dir: required(v.dir, 'dir'), formats });
    }
    case 'null':
      return new NullEmitter();
    default:
      throw invalid(`out: expected kafka, otlp, files or null, got '${out}'`, { field: 'out' });
  }
}

/** The emitter's methods bound, so they survive being spread into a new object. */
function wrap(e: Emitter): Emitter {
  return { emit: (p) => e.emit(p), close: () => e.close() };
}

function describe(s: RunSummary): string {
  return `${s.steps} steps, ${s.traces} traces, ${s.spans} spans, ${s.metricPoints} metric points, ${s.payloads} payloads`;
}

function loadOf(v: Values): Partial<LoadShape> {
  return {
    ...(v.rate === undefined ? {} : { rate: number(v.rate, 'rate') }),
    ...(v.amplitude === undefined ? {} : { amplitude: number(v.amplitude, 'amplitude') }),
    ...(v['peak-hour'] === undefined ? {} : { peakHour: number(v['peak-hour'], 'peak-hour') }),
    ...(v.noise === undefined ? {} : { noise: number(v.noise, 'noise') }),
  };
}

function topologyOf(name: string | undefined): Topology {
  const t = TOPOLOGIES[name ?? 'sockshop'];
  if (t === undefined)
    throw invalid(`topology: expected one of ${Object.keys(TOPOLOGIES).join(', ')}`, { field: 'topology' });
  return t;
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '')
    throw invalid(`--${field} is required (faultline sim --help)`, { field });
  return value;
}

function number(text: string, field: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n))
    throw invalid(`--${field}: expected a number, got '${text}'`, { field });
  return n;
}

function integer(text: string, field: string): number {
  const n = number(text, field);
  if (!Number.isInteger(n)) throw invalid(`--${field}: expected an integer, got '${text}'`, { field });
  return n;
}

function oneOf<T extends string>(text: string, allowed: readonly T[], field: string): T {
  if (!(allowed as readonly string[]).includes(text))
    throw invalid(`--${field}: expected ${allowed.join(' or ')}, got '${text}'`, { field });
  return text as T;
}
