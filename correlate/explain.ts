import { calibratedScore, median } from './calibrated-score.js';
import { resample } from './correlation.js';
import type { NodeEvidence, ScoredSignal } from './node-evidence.js';
import { logBestOf } from './probability.js';
import type { Scope } from './scope.js';
import type { Point } from './types.js';

/**
 * The anomalous set: Benjamini-Hochberg at level `q` over the nodes' local p-values (natural
 * logs). Controls the share of false discoveries instead of a global threshold, so it adapts
 * to how many nodes there are and how many moved.
 */
export function anomalousSet(logPs: ReadonlyMap<string, number>, q: number): Set<string> {
  const sorted = [...logPs].sort((a, b) => a[1] - b[1]);
  const m = sorted.length;
  let cut = -1;
  sorted.forEach(([, logP], i) => {
    if (logP <= Math.log((q * (i + 1)) / m)) cut = i;
  });
  return new Set(sorted.slice(0, cut + 1).map(([node]) => node));
}

/**
 * CIRCA-style exoneration of a caller by its direct anomalous callees: the caller's
 * strongest local signal is regressed (least squares, on its own grid) on each anomalous
 * callee's strongest signal over the history; the residual of the window is scored like
 * any signal. When a callee's regression removes at least half of the caller's evidence
 * (log-p scale), the caller keeps the smallest residual evidence and that callee; when no callee is anomalous, or a
 * regression cannot be fitted, nothing is explained and the caller keeps its own evidence.
 * A wrong graph pairs unrelated series, whose regression explains nothing: it fails safe.
 */
export function explainedByCallees(
  node: string,
  evidence: ReadonlyMap<string, NodeEvidence>,
  anomalous: ReadonlySet<string>,
  scope: Scope,
): { logP: number; by: string | null } | undefined {
  const own = evidence.get(node);
  const top = own?.signals.find((s) => s.role !== 'outbound');
  if (own === undefined || top === undefined) return undefined;
  let best: { logP: number; by: string | null } | undefined;
  for (const callee of scope.callees.get(node) ?? []) {
    if (callee === node || !anomalous.has(callee)) continue;
    const driver = evidence.get(callee)?.signals.find((s) => s.role !== 'outbound');
    if (driver === undefined) continue;
    const budget = withinCalleeChange(top, evidence.get(callee)!, scope);
    if (budget !== undefined && (best === undefined || budget > best.logP)) {
      best = { logP: budget, by: callee };
      continue;
    }
    const residual = residualSeries(top, driver, scope);
    if (residual === undefined) continue;
    const scored = calibratedScore(
      residual,
      {
        historyFrom: scope.intervals.baseline.from,
        windowFrom: scope.intervals.window.from,
        windowTo: scope.intervals.window.to,
      },
      scope.options,
    );
    if (scored === undefined) continue;
    const logP = logBestOf(scored.logP, own.signals.length);
    // Explained only when the callee takes away at least half of the caller's evidence (on
    // the log-p scale): a regression on an unrelated series shaves off noise, not half.
    if (logP > own.localLogP / 2 && (best === undefined || logP > best.logP)) best = { logP, by: callee };
  }
  return best;
}

/**
 * The physical bound of a propagated change: a caller's latency or error rate that rose by
 * no more (in the signal's own units) than the same signal of its callee, or the callers'
 * view of that callee (`inbound_<signal>`), is accounted for by the callee. Returns the
 * caller's residual evidence (none: log 0.5) when it is, undefined otherwise. The same holds
 * when, on the calibrated scale, the callee's signal of that role is at least as unusual as
 * the caller's. Only latency and error signals propagate this way.
 */
function withinCalleeChange(top: ScoredSignal, callee: NodeEvidence, scope: Scope): number | undefined {
  if (top.role !== 'latency' && top.role !== 'errors') return undefined;
  // On the calibrated scale: a callee whose own signal of the same role (or the callers' view
  // of it) is at least as unusual accounts for the caller's. This holds where raw units do
  // not: a caller that calls a failing callee twice per request fails more often than it.
  const same = callee.signals.find((s) => s.role === top.role || s.signal === `inbound_${top.signal}`);
  if (same !== undefined && same.calibrated.logP <= top.calibrated.logP) return Math.log(0.5);
  const mine = windowChange(top.points, scope);
  if (mine === undefined || mine.change <= 0) return undefined;
  for (const name of [top.signal, `inbound_${top.signal}`]) {
    const theirs = callee.signals.find((s) => s.signal === name);
    const t = theirs === undefined ? undefined : windowChange(theirs.points, scope);
    // Equal changes within both signals' normal spread count as equal.
    if (t !== undefined && t.change + t.spread + mine.spread >= mine.change) return Math.log(0.5);
  }
  return undefined;
}

/** The window's level minus the history's median (raw units), and the history's IQR. */
function windowChange(
  points: readonly Point[],
  scope: Scope,
): { change: number; spread: number } | undefined {
  const { baseline, window } = scope.intervals;
  const h: number[] = [];
  const w: number[] = [];
  for (const p of points) {
    if (!Number.isFinite(p.v)) continue;
    if (p.t >= baseline.from && p.t < baseline.to) h.push(p.v);
    else if (p.t >= window.from && p.t < window.to) w.push(p.v);
  }
  if (h.length === 0 || w.length === 0) return undefined;
  h.sort((a, b) => a - b);
  const q = (f: number) => h[Math.floor(f * (h.length - 1))]!;
  return { change: upperHalfMedian(w) - median(h), spread: q(0.75) - q(0.25) };
}

/** The median of the upper half of the window: the level the change reached, not its onset. */
function upperHalfMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return median(sorted.slice(Math.floor(sorted.length / 2)));
}

/**
 * Residual of `y` (the caller's signal) after least squares on `x` (the callee's), both on
 * `y`'s own step; the fit uses the history only, so the fault cannot fit itself away.
 */
function residualSeries(y: ScoredSignal, x: ScoredSignal, scope: Scope): Point[] | undefined {
  const { baseline, window } = scope.intervals;
  const step = y.calibrated.stepMs;
  const from = baseline.from;
  const ys = resample(y.points, from, window.to, step);
  const xs = resample(x.points, from, window.to, step);
  const historyCells = Math.floor((baseline.to - from) / step);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const [cell, vy] of ys) {
    const vx = xs.get(cell);
    if (vx === undefined || cell >= historyCells) continue;
    n++;
    sx += vx;
    sy += vy;
    sxx += vx * vx;
    sxy += vx * vy;
  }
  const varX = sxx - (sx * sx) / Math.max(n, 1);
  if (n < scope.options.minCorrelationPoints || !(varX > 0)) return undefined;
  const slope = (sxy - (sx * sy) / n) / varX;
  const intercept = (sy - slope * sx) / n;
  const out: Point[] = [];
  for (const [cell, vy] of ys) {
    const vx = xs.get(cell);
    if (vx === undefined) continue;
    out.push({ t: from + cell * step, v: vy - intercept - slope * vx });
  }
  return out;
}

/**
 * Evidence for each node from its callers' client-side view: when every caller that has
 * outbound (client) latency or error signals sees them rise, the slowness is likely in the
 * shared callee, as a network delay injected at a pod shows only in its callers. A node's
 * callers' evidence is the weakest of its callers' best outbound signal (all must agree),
 * corrected for the number of callees those callers have (the rise could be in any of them).
 */
export function callersView(
  evidence: ReadonlyMap<string, NodeEvidence>,
  callees: ReadonlyMap<string, readonly string[]>,
): Map<string, number> {
  const callers = new Map<string, string[]>();
  for (const [caller, list] of callees) {
    for (const callee of list) {
      if (callee === caller) continue;
      const l = callers.get(callee) ?? [];
      l.push(caller);
      callers.set(callee, l);
    }
  }
  const out = new Map<string, number>();
  for (const [node, list] of callers) {
    let weakest: number | undefined;
    for (const caller of list) {
      const outbound = evidence.get(caller)?.signals.filter((s) => s.role === 'outbound') ?? [];
      if (outbound.length === 0) continue;
      const best = Math.min(...outbound.map((s) => s.calibrated.logP));
      const corrected = logBestOf(logBestOf(best, outbound.length), (callees.get(caller) ?? []).length);
      weakest = weakest === undefined ? corrected : Math.max(weakest, corrected);
    }
    if (weakest !== undefined && weakest < 0) out.set(node, weakest);
  }
  return out;
}
