import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchDecode } from './decode.js';
import { benchE2e } from './e2e.js';
import { benchEval } from './eval.js';
import { rssPeakMb } from './measure.js';
import { benchPipeline } from './pipeline.js';
import { benchRca } from './rca.js';
import { benchWindowStore } from './window-store.js';

/**
 * `npm run bench [-- --json] [-- --ms N]`: every figure is measured in this run, and speeds
 * are compared with a baseline measured in the same run. Benchmarks for the pipeline,
 * end to end through Kafka and Redis, evaluation and root-cause queries join as those land.
 */
const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    ms: { type: 'string', default: '2000' },
    messages: { type: 'string', default: '1200' },
    slos: { type: 'string', default: '10000' },
  },
});
// the same check of outside tools as `npm test` and .ci/run (installs what is missing as root)
execFileSync('bash', [fileURLToPath(new URL('../scripts/setup.sh', import.meta.url))], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const ms = Number(values.ms);
const log = (text: string) => {
  if (!values.json) process.stderr.write(`${text}\n`);
};

log('decode ...');
const decode = benchDecode(ms);
log('pipeline ...');
const pipeline = await benchPipeline(ms);
log('e2e (Kafka -> faultline -> Redis) ...');
const e2e = await benchE2e(Number(values.messages));
log('eval ...');
const evaluation = await benchEval(Number(values.slos), 3);
log('rca ...');
const rca = await benchRca();
log('window store (layout v1 baseline vs v2, same run) ...');
const windowStore = await benchWindowStore(
  `redis://127.0.0.1:${process.env.FAULTLINE_REDIS_PORT ?? '6379'}`,
  Number(values.slos),
  3,
);
const result = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  decode,
  pipeline,
  e2e,
  eval: evaluation,
  rca,
  window_store: windowStore,
  rss_mb_peak: Math.round(rssPeakMb()),
};

if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: Array<[string, string]> = [
    ['decode.fast_spans_per_s', result.decode.fast_spans_per_s.toLocaleString('en')],
    [
      'decode.bufbuild_spans_per_s (fromBinary only)',
      result.decode.bufbuild_spans_per_s.toLocaleString('en'),
    ],
    [
      'decode.bufbuild_normalised_spans_per_s',
      result.decode.bufbuild_normalised_spans_per_s.toLocaleString('en'),
    ],
    ['decode.ratio (fast / fromBinary)', `${result.decode.ratio}x`],
    ['pipeline.spans_per_s_per_core', result.pipeline.spans_per_s_per_core.toLocaleString('en')],
    [
      `e2e.spans_per_s (${result.e2e.spans.toLocaleString('en')} spans, ${result.e2e.partitions} partitions)`,
      result.e2e.spans_per_s.toLocaleString('en'),
    ],
    ['e2e.redis_cmds_per_span', String(result.e2e.redis_cmds_per_span)],
    ['e2e.max_lag (messages)', String(result.e2e.max_lag)],
    [`eval.ms_10k_slos (${result.eval.slos} SLOs measured)`, String(result.eval.ms_10k_slos)],
    ['rca.ms_100_services (one /api/v1/rootcause, memory stores)', String(result.rca.ms_100_services)],
    [`window_store.v1_ms_10k_slos (baseline, ${windowStore.slos} SLOs)`, String(windowStore.v1_ms_10k_slos)],
    ['window_store.v2_ms_10k_slos', String(windowStore.v2_ms_10k_slos)],
    ['window_store.eval_speedup (v1 / v2)', `${windowStore.eval_speedup}x`],
    ['window_store.cmds_per_slo (v1, v2)', `${windowStore.v1_cmds_per_slo}, ${windowStore.v2_cmds_per_slo}`],
    [
      'window_store.kib_per_28d_slo (v1, v2)',
      `${windowStore.v1_kib_per_28d_slo}, ${windowStore.v2_kib_per_28d_slo}`,
    ],
    ['rss_mb_peak', String(result.rss_mb_peak)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(
    `faultline bench — ${result.machine.cpus} x ${result.machine.cpu}, Node ${result.machine.node}\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
