import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDecode } from './decode.js';
import { rssPeakMb } from './measure.js';

/**
 * `npm run bench [-- --json] [-- --ms N]`: every figure is measured in this run, and speeds
 * are compared with a baseline measured in the same run. Benchmarks for the pipeline,
 * end to end through Kafka and Redis, evaluation and root-cause queries join as those land.
 */
const { values } = parseArgs({
  options: { json: { type: 'boolean' }, ms: { type: 'string', default: '2000' } },
});
const ms = Number(values.ms);

const result = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  decode: benchDecode(ms),
  rss_mb_peak: 0,
};
result.rss_mb_peak = Math.round(rssPeakMb());

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
    ['rss_mb_peak', String(result.rss_mb_peak)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(
    `faultline bench — ${result.machine.cpus} x ${result.machine.cpu}, Node ${result.machine.node}\n`,
  );
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
}
