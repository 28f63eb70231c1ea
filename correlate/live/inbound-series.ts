import type { SeriesResult } from '../../pipeline/series/signals.js';
import type { Point } from '../types.js';

/** Prefix of the signals a node gets from its callers' view of the calls to it. */
export const INBOUND_PREFIX = 'inbound_';

const LATENCIES = ['latency_mean', 'latency_p50', 'latency_p95', 'latency_p99'] as const;

/** The edge signals folding reads. */
export const INBOUND_SOURCE_SIGNALS = ['requests', 'errors', ...LATENCIES] as const;

// Per bucket: requests, errors, then per latency signal its requests-weighted sum and requests.
const REQUESTS = 0;
const ERRORS = 1;
const CELL = 2 + 2 * LATENCIES.length;

/**
 * Folds the caller-observed series of every edge into a node `X` (each `caller -> X`) into
 * signals of `X`: `inbound_requests` and `inbound_errors` (per second, summed over callers),
 * `inbound_error_rate` (summed errors / summed requests) and `inbound_latency_mean`, `_p50`,
 * `_p95`, `_p99` (the callers' values weighted by their requests; percentiles of several
 * callers cannot be merged exactly from their series, and the weighted mean keeps a quiet
 * caller's noisy tail from dominating). A node that reports nothing itself (a crashed
 * service, a database) is thereby still seen through its callers' failed or slow calls.
 * Points are per bucket start `t`, sorted; a signal without data has no entry.
 */
export function foldInbound(edges: readonly SeriesResult[]): Map<string, Point[]> {
  // Buckets are aligned to one resolution, so cells are indexed by time on a dense grid.
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let step = Number.POSITIVE_INFINITY;
  for (const series of edges) {
    const points = series.requests ?? [];
    for (let i = 0; i < points.length; i++) {
      const t = points[i]!.t;
      if (t < first) first = t;
      if (t > last) last = t;
      if (i > 0 && t - points[i - 1]!.t > 0) step = Math.min(step, t - points[i - 1]!.t);
    }
  }
  if (!(last >= first)) return new Map();
  if (!Number.isFinite(step)) step = 1;
  const slots = Math.floor((last - first) / step) + 1;
  const aligned = edges.every((e) => (e.requests ?? []).every((p) => (p.t - first) % step === 0));
  if (!aligned || slots > 1_000_000) return foldSparse(edges);
  const cells = new Float64Array(slots * CELL);
  for (const series of edges) {
    const requests = new Float64Array(slots);
    const slot = (t: number): number => {
      const i = (t - first) / step;
      return Number.isInteger(i) && i >= 0 && i < slots ? i : -1;
    };
    for (const p of series.requests ?? []) {
      const i = slot(p.t);
      if (i < 0) continue;
      requests[i] = p.v;
      add(cells, i * CELL + REQUESTS, p.v);
    }
    for (const p of series.errors ?? []) {
      const i = slot(p.t);
      if (i >= 0) add(cells, i * CELL + ERRORS, p.v);
    }
    for (let k = 0; k < LATENCIES.length; k++) {
      for (const p of series[LATENCIES[k]!] ?? []) {
        const i = slot(p.t);
        const r = i >= 0 ? requests[i]! : 0;
        if (!(r > 0) || !Number.isFinite(p.v)) continue;
        add(cells, i * CELL + 2 + 2 * k, r * p.v);
        add(cells, i * CELL + 3 + 2 * k, r);
      }
    }
  }
  return emit(
    slots,
    (i) => first + i * step,
    (i) => cells.subarray(i * CELL, (i + 1) * CELL),
  );
}

function add(cells: Float64Array, at: number, v: number): void {
  cells[at] = cells[at]! + v;
}

/** The same fold for points off a common grid (not what stores write; kept for safety). */
function foldSparse(edges: readonly SeriesResult[]): Map<string, Point[]> {
  const cells = new Map<number, Float64Array>();
  const cellAt = (t: number): Float64Array => {
    let cell = cells.get(t);
    if (cell === undefined) {
      cell = new Float64Array(CELL);
      cells.set(t, cell);
    }
    return cell;
  };
  for (const series of edges) {
    const requests = new Map<number, number>();
    for (const p of series.requests ?? []) {
      requests.set(p.t, p.v);
      cellAt(p.t)[REQUESTS]! += p.v;
    }
    for (const p of series.errors ?? []) cellAt(p.t)[ERRORS]! += p.v;
    for (let k = 0; k < LATENCIES.length; k++) {
      for (const p of series[LATENCIES[k]!] ?? []) {
        const r = requests.get(p.t) ?? 0;
        if (!(r > 0) || !Number.isFinite(p.v)) continue;
        const cell = cellAt(p.t);
        cell[2 + 2 * k]! += r * p.v;
        cell[3 + 2 * k]! += r;
      }
    }
  }
  const times = [...cells.keys()].sort((a, b) => a - b);
  return emit(
    times.length,
    (i) => times[i]!,
    (i) => cells.get(times[i]!)!,
  );
}

function emit(
  n: number,
  timeOf: (i: number) => number,
  cellOf: (i: number) => Float64Array,
): Map<string, Point[]> {
  const names = ['requests', 'errors', 'error_rate', ...LATENCIES].map((s) => `${INBOUND_PREFIX}${s}`);
  const lists: Point[][] = names.map(() => []);
  for (let i = 0; i < n; i++) {
    const cell = cellOf(i);
    const r = cell[REQUESTS]!;
    if (!(r > 0)) continue;
    const t = timeOf(i);
    lists[0]!.push({ t, v: r });
    lists[1]!.push({ t, v: cell[ERRORS]! });
    lists[2]!.push({ t, v: cell[ERRORS]! / r });
    for (let k = 0; k < LATENCIES.length; k++) {
      const weight = cell[3 + 2 * k]!;
      if (weight > 0) lists[3 + k]!.push({ t, v: cell[2 + 2 * k]! / weight });
    }
  }
  const out = new Map<string, Point[]>();
  for (const [i, name] of names.entries()) if (lists[i]!.length > 0) out.set(name, lists[i]!);
  return out;
}
