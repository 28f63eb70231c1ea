import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDecode } from './decode.js';
import { benchDemoBackfill } from './demo-backfill.js';
import { benchE2e } from './e2e.js';
import { benchEval } from './eval.js';
import { kafkaToolsVersion } from './kafka-peers.js';
import { rssPeakMb } from './measure.js';
import { benchPipeline } from './pipeline.js';
import { benchRca } from './rca.js';
import { benchWindowStore } from './window-store.js';

/**
 * `npm run bench [-- --json] [-- --ms N] [-- --only decode,e2e,...]`: every figure is
 * measured in this run, and speeds are compared with a baseline measured in the same run.
 * `--only` runs some sections (names as in the JSON output); the rest are left out.
 */
const SECTIONS = ['decode', 'pipeline', 'e2e', 'eval', 'rca', 'demo', 'window'] as const;
type Section = (typeof SECTIONS)[number];
const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    ms: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '1200' },
    slos: { type: 'string', default: '10000' },
    only: { type: 'string', default: SECTIONS.join(',') },
  },
});
const only = new Set(values.only.split(',').map((s) => s.trim()));
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    process.stderr.write(`bench: --only ${name}: expected some of ${SECTIONS.join(', ')}\n`);
    process.exit(2);
  }
}
// the same check of outside tools as `npm test` and .ci/run (installs what is missing as root)
execFileSync('bash', [fileURLToPath(new URL('../scripts/setup.sh', import.meta.url))], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const ms = Number(values.ms);
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};
const started = performance.now();
/** Runs a section when asked for, timing it. */
async function section<T>(name: Section, label: string, run: () => T | Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  log(`${label} ...`);
  const t0 = performance.now();
  const out = await run();
  durations[name] = Math.round((performance.now() - t0) / 1000);
  return out;
}
const durations: Partial<Record<Section, number>> = {};

const decode = await section('decode', 'decode', () => benchDecode(ms));
const pipeline = await section('pipeline', 'pipeline', () => benchPipeline(ms));
const e2e = await section('e2e', 'e2e (Kafka -> faultline -> Redis)', () =>
  benchE2e(Number(values.messages)),
);
const evaluation = await section('eval', 'eval', () => benchEval(Number(values.slos), 3));
const rca = await section('rca', 'rca', () => benchRca());
const rcaCalibrated = await section('rca', 'rca (calibrated ranker)', () => benchRca(15, 'calibrated'));
const demoBackfill = await section(
  'demo',
  'demo backfill (default history against two hours at full rate)',
  () => benchDemoBackfill(),
);
const windowStore = await section('window', 'window store (layout v1 baseline vs v2, same run)', () =>
  benchWindowStore(`redis://127.0.0.1:${process.env.FAULTLINE_REDIS_PORT ?? '6379'}`, Number(values.slos), 3),
);
/** An installed package's version, read from its package.json in node_modules (some do not export it). */
const versionOf = (pkg: string) =>
  (
    JSON.parse(
      readFileSync(fileURLToPath(new URL(`../node_modules/${pkg}/package.json`, import.meta.url)), 'utf8'),
    ) as {
      version: string;
    }
  ).version;
const result = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  peers: {
    kafkajs: versionOf('kafkajs'),
    kafka_tools: kafkaToolsVersion(),
    protobufjs: versionOf('protobufjs'),
    bufbuild_protobuf: versionOf('@bufbuild/protobuf'),
  },
  decode,
  pipeline,
  e2e,
  eval: evaluation,
  rca,
  rca_calibrated: rcaCalibrated,
  demo_backfill: demoBackfill,
  window_store: windowStore,
  rss_mb_peak: Math.round(rssPeakMb()),
  seconds: { total: Math.round((performance.now() - started) / 1000), ...durations },
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: Array<[string, string]> = [];
  const row = (key: string, value: string | number) =>
    rows.push([key, typeof value === 'number' ? value.toLocaleString('en') : value]);
  const { decode: d, pipeline: p, e2e: e, eval: v, rca: r } = result;
  if (d) {
    row('decode.fast_spans_per_s', d.fast_spans_per_s);
    row('decode.bufbuild_spans_per_s (fromBinary only)', d.bufbuild_spans_per_s);
    row('decode.bufbuild_normalised_spans_per_s', d.bufbuild_normalised_spans_per_s);
    row('decode.protobufjs_spans_per_s (decode from the .proto files)', d.protobufjs_spans_per_s);
    row('decode.ratio (fast / fromBinary)', `${d.ratio}x`);
    row('decode.ratio_protobufjs (fast / protobufjs)', `${d.ratio_protobufjs}x`);
  }
  if (p) row('pipeline.spans_per_s_per_core', p.spans_per_s_per_core);
  if (e) {
    row(`e2e.spans_per_s (${e.spans.toLocaleString('en')} spans, ${e.partitions} partitions)`, e.spans_per_s);
    row('e2e.redis_cmds_per_span (engine client)', String(e.redis_cmds_per_span));
    row('e2e.redis_server_cmds_per_span (every client)', String(e.redis_server_cmds_per_span));
    row('e2e.max_lag (messages)', String(e.max_lag));
    row('e2e.peers.kafkajs_bare_spans_per_s (counts bytes only)', e.peers.kafkajs_bare_spans_per_s);
    row('e2e.peers.consumer_perf_spans_per_s (Kafka ConsumerPerformance)', e.peers.consumer_perf_spans_per_s);
    row('e2e.peers.share_of_kafkajs_bare (faultline / bare kafkajs)', String(e.peers.share_of_kafkajs_bare));
    row(
      'e2e.peers.share_of_consumer_perf (faultline / ConsumerPerformance)',
      String(e.peers.share_of_consumer_perf),
    );
  }
  if (v) row(`eval.ms_10k_slos (${v.slos} SLOs measured)`, String(v.ms_10k_slos));
  if (r) row('rca.ms_100_services (one /api/v1/rootcause, memory stores)', String(r.ms_100_services));
  if (result.rca_calibrated)
    row(
      'rca_calibrated.ms_100_services (the same, ranker: calibrated)',
      String(result.rca_calibrated.ms_100_services),
    );
  if (windowStore) {
    const w = windowStore;
    row(`window_store.v1_ms_10k_slos (baseline, ${w.slos} SLOs)`, String(w.v1_ms_10k_slos));
    row('window_store.v2_ms_10k_slos', String(w.v2_ms_10k_slos));
    row('window_store.eval_speedup (v1 / v2)', `${w.eval_speedup}x`);
    row('window_store.cmds_per_slo (v1, v2)', `${w.v1_cmds_per_slo}, ${w.v2_cmds_per_slo}`);
    row('window_store.kib_per_28d_slo (v1, v2)', `${w.v1_kib_per_28d_slo}, ${w.v2_kib_per_28d_slo}`);
  }
  row('rss_mb_peak', String(result.rss_mb_peak));
  row('seconds (whole run)', String(result.seconds.total));
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(
    `faultline bench — ${result.machine.cpus} x ${result.machine.cpu}, Node ${result.machine.node}; peers ${JSON.stringify(result.peers)}\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
