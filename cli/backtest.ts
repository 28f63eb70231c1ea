import type { SignalChoice } from '../backtest/decode-payload.js';
import { BacktestError, BacktestErrorCode } from '../backtest/errors.js';
import { runBacktest } from '../backtest/replay.js';
import { parseStepArg, parseTimeArg } from '../backtest/replay-range.js';
import { formatBacktest } from '../backtest/timeline.js';
import { loadConfig } from '../config/load.js';
import { loadSloFiles } from '../pipeline/slo/load-slos.js';
import { parseCliArgs } from './usage.js';

const HELP = `usage: faultline backtest --config <file> --input <path> [--input <path> | <path> ...]
                          [--from <time>] [--to <time>] [--step 1m] [--signal auto|traces|metrics] [--json]

Replays recorded OpenTelemetry data in event time through the pipeline and the alert rules
of the config's SLOs, and prints every alert transition (time, alert, severity, state, SLO,
burn rates) and each alert's firing episodes.

  --input   a file or a directory (read recursively): OTLP protobuf (one TracesData /
            MetricsData message, or size-prefixed messages as the Collector's file exporter
            writes with format: proto), OTLP/JSON, or NDJSON (one OTLP/JSON object per line);
            gzip-compressed files too. Repeatable; further paths may follow
            without --input (so --input data/*.ndjson works).
  --from    first evaluation: RFC 3339 or unix seconds (default: the first step after the
            first event)
  --to      last evaluation (default: the first step at or after the end of the minute of
            the last event)
  --step    time between evaluations: 30s, 1m, 5m, ... (default 1m)
  --signal  the signal of binary protobuf files (default auto: sniffed from the first record)
  --json    print {"timeline": [...], "summary": {...}} instead of text

Exit codes: 0 done, 2 bad arguments, configuration, SLO specs or input.`;

const SIGNALS: readonly SignalChoice[] = ['auto', 'traces', 'metrics'];

/** `faultline backtest`: replay files and print the alert timeline. */
export async function backtestCommand(
  argv: string[],
  out: { write(text: string): unknown } = process.stdout,
): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    out.write(`${HELP}\n`);
    return 0;
  }
  const inputs = [...(values.input ?? []), ...positionals];
  if (inputs.length === 0) {
    throw new BacktestError(BacktestErrorCode.Args, 'backtest needs at least one --input file or directory');
  }
  const signal = (values.signal ?? 'auto') as SignalChoice;
  if (!SIGNALS.includes(signal)) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      `--signal: expected auto, traces or metrics, got '${signal}'`,
    );
  }
  const stepMs = parseStepArg(values.step ?? '1m');
  const fromMs = values.from === undefined ? undefined : parseTimeArg(values.from, '--from');
  const toMs = values.to === undefined ? undefined : parseTimeArg(values.to, '--to');

  const config = loadConfig({
    ...(values.config === undefined ? {} : { file: values.config }),
    env: process.env,
  });
  const slos = loadSloFiles(config.slos.files);
  if (slos.length === 0) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      'no SLOs to evaluate: name SLO spec files in slos.files of the config (or FAULTLINE_SLO_FILES)',
    );
  }
  const result = await runBacktest({
    config,
    slos,
    inputs,
    stepMs,
    signal,
    ...(fromMs === undefined ? {} : { fromMs }),
    ...(toMs === undefined ? {} : { toMs }),
  });
  out.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatBacktest(result));
  return 0;
}

function parse(argv: string[]) {
  return parseCliArgs(
    argv,
    {
      config: { type: 'string', short: 'c' },
      input: { type: 'string', short: 'i', multiple: true },
      from: { type: 'string' },
      to: { type: 'string' },
      step: { type: 'string' },
      signal: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
    true,
  );
}
