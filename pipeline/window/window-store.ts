/**
 * The WindowStore port: per-minute good/total event counts of each SLO, shared by every
 * faultline instance, answering "good and total events of SLO s over [t - w, t)" for any
 * minute-aligned window from one minute to the SLO period (at most 90 days).
 *
 * A window of at most {@link EXACT_WINDOW_MINUTES} (3 days, every alert window of a 30-day
 * SLO) is exact at one-minute alignment. A longer one (the period) starts at the first hour
 * boundary at or after `t - w`: its only error is the events of at most 59 minutes at its
 * trailing edge, which are left out. Stores keep minute counts only that far back (see
 * `alignedStart` in window-ranges.ts, which both adapters and their readers use).
 */

/** Minutes since the Unix epoch (floor(ms / 60 000)): the unit of every window boundary. */
export type EpochMinute = number;

export interface MinuteCount {
  minute: EpochMinute;
  good: number;
  total: number;
}

/**
 * The Kafka offsets a delta covers: messages [from, next) of one partition (`stream` is
 * `topic:partition`). The store keeps, per SLO and stream, the next offset it has applied,
 * and applies a guarded delta only if none of its messages were applied before.
 */
export interface OffsetGuard {
  stream: string;
  from: number;
  next: number;
}

/** Pre-summed counts of one SLO from one batch. */
export interface SloDelta {
  sloId: string;
  /** How long this SLO's counts must be kept: its period plus the allowed lateness. */
  retentionMinutes: number;
  counts: readonly MinuteCount[];
  guard?: OffsetGuard;
}

/**
 * - `applied`: counted.
 * - `duplicate`: every message of the guard was already applied; nothing counted.
 * - `conflict`: some but not all were; nothing counted. The caller reloads the applied
 *   offsets (another consumer got there first) and recomputes the delta from them.
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'conflict';

export interface WindowQuery {
  sloId: string;
  /** Windows end here (exclusive). */
  end: EpochMinute;
  /** Window lengths in minutes, each in [1, 90 days]. */
  windows: readonly number[];
}

export interface WindowCount {
  good: number;
  total: number;
}

export interface WindowStore {
  /** Adds each delta, atomically per SLO together with its guard's offset. */
  apply(deltas: readonly SloDelta[]): Promise<ApplyOutcome[]>;
  /** The next offset applied per SLO for `stream`; SLOs with none are absent. */
  appliedOffsets(stream: string, sloIds: readonly string[]): Promise<Map<string, number>>;
  /** For each query, one count per window, in order. */
  windowCounts(queries: readonly WindowQuery[]): Promise<WindowCount[][]>;
  /** Whether the backing store answers now (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Longest window and retention the stores support. */
export const MAX_WINDOW_MINUTES = 90 * 1440;

/** Longest window answered exactly at one-minute alignment: 3 days. */
export const EXACT_WINDOW_MINUTES = 3 * 1440;
