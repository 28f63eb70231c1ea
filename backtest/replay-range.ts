import { parseDuration } from '../core/duration.js';
import { BacktestError, BacktestErrorCode } from './errors.js';

/** Most evaluations one backtest runs (a year of 30 s steps); more is almost surely a mistake. */
export const MAX_EVALUATIONS = 1_051_200;

/** `--from` / `--to`: RFC 3339 (`2024-05-01T10:00:00Z`) or unix seconds (fractions allowed), in ms. */
export function parseTimeArg(value: string, flag: string): number {
  const v = value.trim();
  const ms = /^\d+(\.\d+)?$/.test(v)
    ? Number(v) * 1000
    : /^\d{4}-\d{2}-\d{2}T/.test(v)
      ? Date.parse(v)
      : Number.NaN;
  // Date's own range: beyond it no instant can be printed.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      `${flag}: expected an RFC 3339 time (2024-05-01T10:00:00Z) or unix seconds, got '${value}'`,
      { flag, value },
    );
  }
  return Math.round(ms);
}

/** `--step`: a whole number of seconds, minutes, hours or days (`30s`, `1m`, `5m`), at least 1s. */
export function parseStepArg(value: string): number {
  const v = value.trim();
  // A leading zero was never accepted (`05m`); the shared grammar would read it.
  const ms = /^[1-9]/.test(v) ? parseDuration(v, { units: ['s', 'm', 'h', 'd'] }) : undefined;
  if (ms === undefined) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      `--step: expected a duration like 1m or 30s (a whole number and one of s, m, h, d), got '${value}'`,
      { flag: '--step', value },
    );
  }
  return ms;
}

/** The instants a backtest evaluates at: `fromMs`, `fromMs + stepMs`, ... up to `toMs` inclusive. */
export interface ReplayRange {
  fromMs: number;
  toMs: number;
  stepMs: number;
  evaluations: number;
}

/**
 * The evaluation instants. Without `--from`, the first step boundary (a multiple of the step
 * since the epoch) after the first event; without `--to`, the first step boundary at or
 * after the end of the minute of the last event, so every event has been evaluated.
 */
export function replayRange(
  events: { firstMs: number; lastMs: number },
  stepMs: number,
  fromMs?: number,
  toMs?: number,
): ReplayRange {
  const from = fromMs ?? (Math.floor(events.firstMs / stepMs) + 1) * stepMs;
  const lastMinuteEnd = (Math.floor(events.lastMs / 60_000) + 1) * 60_000;
  const to = toMs ?? Math.ceil(lastMinuteEnd / stepMs) * stepMs;
  if (to < from) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      `--to (${iso(to)}) is before --from (${iso(from)})${toMs === undefined || fromMs === undefined ? ' (the default comes from the input events)' : ''}`,
      { from: iso(from), to: iso(to) },
    );
  }
  const evaluations = Math.floor((to - from) / stepMs) + 1;
  if (evaluations > MAX_EVALUATIONS) {
    throw new BacktestError(
      BacktestErrorCode.Args,
      `${evaluations} evaluations from ${iso(from)} to ${iso(to)} every ${stepMs / 1000}s: more than ${MAX_EVALUATIONS}; use a larger --step or a shorter range`,
      { evaluations },
    );
  }
  return { fromMs: from, toMs: to, stepMs, evaluations };
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
