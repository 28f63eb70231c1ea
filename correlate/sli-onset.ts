import { median } from './calibrated-score.js';
import type { Point, RankInput, RankOptions } from './types.js';

/**
 * When the SLI itself began to move, for an anomaly time that lags it: a burn-rate alert
 * fires minutes after its fault starts, and the calibrated score's onset check then sees
 * every signal of the fault already shifted before the window, so the faulty node's own
 * evidence vanishes. Walking back from `anomalyTimeMs` (at most `onsetMs`), the onset is the
 * earliest time from which the SLI's median up to the anomaly time stays outside the middle
 * 90 % of its history on the same side. The anomaly time itself when the SLI was normal just
 * before it, or when the SLI has too little history to tell.
 */
export function sliOnset(input: RankInput, options: RankOptions, stepMs: number | undefined): number {
  const at = input.anomalyTimeMs;
  const points = input.series.get(input.slo.node)?.get(input.slo.signal);
  if (points === undefined || stepMs === undefined || !(stepMs > 0)) return at;
  const historyTo = at - options.onsetMs - options.guardMs;
  const history = finite(points, at - options.lookbackMs, historyTo).sort((a, b) => a - b);
  if (history.length < options.minNullRuns) return at;
  const q = (f: number) => history[Math.floor(f * (history.length - 1))]!;
  const low = q(0.05);
  const high = q(0.95);
  let onset = at;
  let side = 0;
  for (let t = at - stepMs; t >= at - options.onsetMs; t -= stepMs) {
    const segment = finite(points, t, at);
    if (segment.length === 0) continue;
    const m = median(segment.sort((a, b) => a - b));
    const s = m > high ? 1 : m < low ? -1 : 0;
    if (s === 0 || (side !== 0 && s !== side)) break;
    side = s;
    onset = t;
  }
  return onset;
}

function finite(points: readonly Point[], from: number, to: number): number[] {
  const out: number[] = [];
  for (const p of points) if (p.t >= from && p.t < to && Number.isFinite(p.v)) out.push(p.v);
  return out;
}
