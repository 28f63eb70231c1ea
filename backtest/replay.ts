import type { AlertTransition } from '../alerting/alert.js';
import { createReplayEvaluator } from '../alerting/create-alerting.js';
import { ruleSetsFor } from '../alerting/rule-sets.js';
import { configSource } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { windowName } from '../core/duration.js';
import { type Logger, silentLogger } from '../observability/logger.js';
import { EngineMetrics } from '../observability/metrics.js';
import { Watermark } from '../pipeline/event-time.js';
import { PipelineSink } from '../pipeline/pipeline-sink.js';
import { minuteOfNs } from '../pipeline/record-rules/span-rules.js';
import { type Slo, spanAttributeKeys } from '../pipeline/slo/slo.js';
import { MemoryWindowStore } from '../pipeline/window/memory-window-store.js';
import type { DecodeOptions, SignalChoice } from './decode-payload.js';
import { BacktestError, BacktestErrorCode } from './errors.js';
import { listInputFiles } from './input-files.js';
import { type FileScan, mergeFiles, scanFile } from './input-merge.js';
import { MinuteBuffer } from './minute-buffer.js';
import { type ReplayRange, replayRange } from './replay-range.js';
import { type BacktestResult, episodesOf, type TimelineEntry, timelineEntry } from './timeline.js';

export interface BacktestOptions {
  config: Config;
  slos: readonly Slo[];
  /** Files or directories of OTLP protobuf, OTLP/JSON or NDJSON (see `filePayloads`). */
  inputs: readonly string[];
  /** Evaluation instants: from `fromMs` every `stepMs` up to `toMs`; defaults in `replayRange`. */
  stepMs: number;
  fromMs?: number;
  toMs?: number;
  /** The signal of binary payloads; sniffed by default. */
  signal?: SignalChoice;
  logger?: Logger;
}

/**
 * Replays recorded telemetry in event time through the real pipeline (PipelineSink into a
 * MemoryWindowStore, with the configured allowed lateness) and evaluates the configured alert
 * rules at every step of event time, never wall-clock time.
 *
 * Every file is read twice: once to check it decodes and learn its time range, once to
 * replay it. The replay merges the files by event time and holds records in a reorder buffer
 * until the earliest event still to come is more than the allowed lateness past them, so
 * records up to that much out of order are put in order; later ones are late, as live. An
 * evaluation at `t` runs once every minute before `ceil(t / 1m)` has been written.
 */
export async function runBacktest(o: BacktestOptions): Promise<BacktestResult> {
  const files = await listInputFiles(o.inputs);
  const decode: DecodeOptions = {
    signal: o.signal ?? 'auto',
    spans: { spanAttributes: spanAttributeKeys(o.slos) },
  };
  const scans: FileScan[] = [];
  for (const file of files) scans.push(await scanFile(file, decode));
  const events = eventRange(scans, o.inputs);
  const range = replayRange(events, o.stepMs, o.fromMs, o.toMs);

  const latenessMinutes = Math.ceil(o.config.pipeline.allowedLatenessMs / 60_000);
  const metrics = new EngineMetrics({ processMetrics: false });
  const logger = o.logger ?? silentLogger();
  const store = new MemoryWindowStore();
  const sink = new PipelineSink({
    slos: o.slos,
    store,
    watermark: new Watermark(latenessMinutes),
    allowedLatenessMinutes: latenessMinutes,
    metrics,
    logger,
  });
  const evaluator = createReplayEvaluator({
    config: o.config,
    slos: o.slos,
    windowStore: store,
    historyStartMs: Math.floor(events.firstMs / 60_000) * 60_000,
    logger,
  });

  const threshold = thresholds(o);
  const timeline: TimelineEntry[] = [];
  const buffer = new MinuteBuffer();
  let next = range.fromMs;
  /** Writes every held minute before `end`, then evaluates every step that sees only those. */
  const advanceTo = async (end: number): Promise<void> => {
    const due = buffer.takeBefore(end);
    if (due.spans.length + due.metrics.length > 0) {
      await sink.write(due, { source: 'replay', name: 'backtest' });
    }
    while (next <= range.toMs && Math.ceil(next / 60_000) <= end) {
      const result = await evaluator.evaluateAt(next);
      for (const t of result.transitions) timeline.push(timelineEntry(t, threshold(t)));
      next += range.stepMs;
    }
  };

  for await (const { chunk, frontierNs } of mergeFiles(scans, decode)) {
    buffer.add(chunk.spans, chunk.metrics);
    if (frontierNs !== undefined) await advanceTo(minuteOfNs(frontierNs) - latenessMinutes);
    if (next > range.toMs) break;
  }
  if (next <= range.toMs) await advanceTo(Number.POSITIVE_INFINITY);

  const late = (await metrics.lateRecords.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { timeline, summary: summarize(scans, events, range, o.slos.length, timeline, late) };
}

function summarize(
  scans: readonly FileScan[],
  events: { firstMs: number; lastMs: number },
  range: ReplayRange,
  slos: number,
  timeline: readonly TimelineEntry[],
  late: number,
): BacktestResult['summary'] {
  const sum = (f: (s: FileScan) => number) => scans.reduce((n, s) => n + f(s), 0);
  return {
    from: new Date(range.fromMs).toISOString(),
    to: new Date(range.toMs).toISOString(),
    stepMs: range.stepMs,
    evaluations: range.evaluations,
    slos,
    input: {
      files: scans.length,
      payloads: sum((s) => s.payloads),
      spans: sum((s) => s.spans),
      points: sum((s) => s.points),
      invalid: sum((s) => s.invalid),
      late,
      firstEvent: new Date(events.firstMs).toISOString(),
      lastEvent: new Date(events.lastMs).toISOString(),
    },
    transitions: timeline.length,
    alerts: episodesOf(timeline, range.toMs),
  };
}

/** The first and last event time over all files (ms); FL_BACKTEST_EMPTY when there is none. */
function eventRange(
  scans: readonly FileScan[],
  inputs: readonly string[],
): { firstMs: number; lastMs: number } {
  let min: bigint | undefined;
  let max: bigint | undefined;
  for (const s of scans) {
    if (s.minNs !== undefined && (min === undefined || s.minNs < min)) min = s.minNs;
    if (s.maxNs !== undefined && (max === undefined || s.maxNs > max)) max = s.maxNs;
  }
  if (min === undefined || max === undefined) {
    throw new BacktestError(
      BacktestErrorCode.Empty,
      `no span or metric point in ${inputs.join(', ')}: nothing to replay`,
      { inputs: [...inputs] },
    );
  }
  return { firstMs: Number(min / 1_000_000n), lastMs: Number(max / 1_000_000n) };
}

/** The exact factor of the tier that names a burn-rate alert (by SLO, severity and windows). */
function thresholds(o: BacktestOptions): (t: AlertTransition) => number | undefined {
  const sets = ruleSetsFor(o.slos, o.config.alerting.rules, configSource(o.config));
  return ({ alert }) =>
    sets
      .get(alert.sloId)
      ?.tiers.find(
        (tier) =>
          tier.severity === alert.severity &&
          windowName(tier.longWindowMinutes) === alert.labels.long_window &&
          windowName(tier.shortWindowMinutes) === alert.labels.short_window,
      )?.factor;
}
