import { type CalibratedScore, calibratedScore } from './calibrated-score.js';
import { logBestOf, logUpperTailToZ } from './probability.js';
import { isLocalRole, roleOf, type SignalRole } from './roles.js';
import { type Scope, sliCorrelation } from './scope.js';
import type { Point, SignalEvidence, SignalSeries } from './types.js';

/** One scored signal of a node, with what the combination needs. */
export interface ScoredSignal extends SignalEvidence {
  readonly role: SignalRole;
  readonly calibrated: CalibratedScore;
  readonly points: readonly Point[];
}

/** Everything a node's series say, on the common scale. */
export interface NodeEvidence {
  /** Scored signals, best first (ties by name). */
  readonly signals: readonly ScoredSignal[];
  /** Natural-log p-value of the node's local evidence (all roles except `outbound`). */
  readonly localLogP: number;
  /** Best |Pearson| of a local signal with the SLI in the incident window, as a z (>= 0). */
  readonly correlationZ: number;
}

/**
 * Scores every signal of one node (`calibratedScore`), skipping `skip` (the SLO's own SLI
 * family at the SLO's node), and combines them per role: within a role the best signal,
 * Šidák-corrected for how many the role has; across roles the best role, corrected for how
 * many roles the node has. Undefined when no signal can be scored.
 */
export function nodeEvidence(
  series: SignalSeries,
  skip: (signal: string) => boolean,
  scope: Scope,
): NodeEvidence | undefined {
  const { options, intervals, sli } = scope;
  const signals: ScoredSignal[] = [];
  for (const [signal, points] of series) {
    if (skip(signal)) continue;
    const calibrated = calibratedScore(
      points,
      {
        historyFrom: intervals.baseline.from,
        windowFrom: intervals.window.from,
        windowTo: intervals.window.to,
      },
      options,
    );
    if (calibrated === undefined) continue;
    const correlation = sliCorrelation(points, scope);
    signals.push({
      signal,
      role: roleOf(signal),
      anomaly: calibrated.z,
      correlation,
      score: calibrated.z,
      calibrated,
      points,
    });
  }
  if (signals.length === 0) return undefined;
  signals.sort((a, b) => b.score - a.score || (a.signal < b.signal ? -1 : 1));
  const local = signals.filter((s) => isLocalRole(s.role));
  // Neighbouring points of a series are not independent: at a 1 s step 1,400 cells hold about
  // 70 sustain runs' worth of information, and counting every cell made the correlation term
  // outweigh any anomaly at fine steps. Pairs are counted in runs of the sustain length.
  const cells = sli?.cells.size ?? 0;
  const runPoints = sli === undefined ? 1 : Math.max(2, Math.round(options.sustainMs / sli.step));
  const pairs = Math.max(1, cells / runPoints);
  let correlationZ = 0;
  for (const s of local) {
    if (s.correlation === null) continue;
    correlationZ = Math.max(correlationZ, fisherZ(s.correlation, pairs));
  }
  return { signals, localLogP: combineRoles(local), correlationZ };
}

/**
 * Per role the best signal (Šidák over the role's signals), then the best role (Šidák over
 * the roles present): natural-log p-value, 0 when there is nothing.
 */
export function combineRoles(
  signals: ReadonlyArray<{ role: SignalRole; calibrated: CalibratedScore }>,
): number {
  const byRole = new Map<SignalRole, { best: number; n: number }>();
  for (const s of signals) {
    const r = byRole.get(s.role) ?? { best: 0, n: 0 };
    r.best = Math.min(r.best, s.calibrated.logP);
    r.n += 1;
    byRole.set(s.role, r);
  }
  const roles = [...byRole.values()].map(({ best, n }) => logBestOf(best, n));
  return logBestOf(Math.min(0, ...roles), byRole.size);
}

/** A z-like value of a log p-value, 0 for no evidence. */
export function zOf(logP: number): number {
  return logP < 0 ? Math.max(0, logUpperTailToZ(logP)) : 0;
}

/** Fisher's z of a correlation over `n` pairs: atanh(|r|) * sqrt(n - 3), 0 for n <= 3. */
export function fisherZ(r: number, n: number): number {
  if (n <= 3) return 0;
  const c = Math.min(Math.abs(r), 0.999999);
  return Math.atanh(c) * Math.sqrt(n - 3);
}
