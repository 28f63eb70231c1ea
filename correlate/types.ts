/**
 * Inputs and outputs of the root-cause ranker. Plain data, no classes: the ranker is a pure
 * function of these, so the engine, the API and offline evaluation all call it the same way.
 */

/** One value of a series: `t` in Unix epoch milliseconds (the same shape as `SeriesPoint`). */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** The series of one node, by signal name (`latency_p99`, `metric:cpu`, `cpu`, ...). */
export type SignalSeries = ReadonlyMap<string, readonly Point[]>;

/** Series of every node (service, database, virtual node), by node name. */
export type NodeSeries = ReadonlyMap<string, SignalSeries>;

/** A directed call edge of the topology: `source` calls `target`. */
export interface Edge {
  readonly source: string;
  readonly target: string;
}

/** The failing SLO: the node it belongs to and the signal that is its SLI. */
export interface SloRef {
  readonly node: string;
  readonly signal: string;
}

/** What the ranker is asked. */
export interface RankInput {
  /** Signal series per node. Points may be unsorted, sparse or missing altogether. */
  readonly series: NodeSeries;
  /** Call edges, caller -> callee. Empty or absent: rank every node without topology. */
  readonly edges?: readonly Edge[];
  /** When the SLO started failing (Unix epoch ms); may be off by a couple of minutes. */
  readonly anomalyTimeMs: number;
  /** The failing SLO. Its own SLI is the symptom, so it is not scored as evidence. */
  readonly slo: SloRef;
  /** How far back before the anomaly the baseline and the correlation reach (ms). */
  readonly lookbackMs?: number;
  /**
   * Alerts received from outside (Alertmanager) naming a node: evidence for that node in the
   * calibrated ranker; the classic ranker does not read them.
   */
  readonly alerts?: readonly AlertEvidence[];
}

/** An alert that names a node (its service label), as received from Alertmanager. */
export interface AlertEvidence {
  readonly node: string;
  /** When it started firing, Unix epoch ms. */
  readonly startsAtMs: number;
}

/**
 * The ranker `rankRootCauses` runs: `classic` (robust score, correlation weight, callee
 * discount; the default) or `calibrated` (`rankCalibrated`: per-signal calibrated statistic,
 * roles, false-discovery rate, callee exoneration). See `docs/root-cause.md`.
 */
export type RankerName = 'classic' | 'calibrated';

/** Tuning of the ranker; one configuration serves every case. See `DEFAULT_RANK_OPTIONS`. */
export interface RankOptions {
  /** Baseline and correlation reach back this far before the anomaly time (ms). */
  readonly lookbackMs: number;
  /**
   * The anomaly window opens this long before the anomaly time, and the baseline closes
   * there, so an anomaly time given late does not leak the fault into the baseline (ms).
   */
  readonly guardMs: number;
  /** The anomaly window closes this long after the anomaly time (ms). */
  readonly afterMs: number;
  /**
   * Smallest scale of a signal, as a fraction of its baseline median: changes below about
   * this fraction of a signal's level are not treated as anomalous however flat it was.
   */
  readonly relativeScaleFloor: number;
  /**
   * A signal's anomaly is its `sustainPoints`-th largest deviation in the window: one lone
   * outlier point (a GC pause, a scrape glitch) is not an incident.
   */
  readonly sustainPoints: number;
  /** Fewest baseline points a signal needs to be scored. */
  readonly minBaselinePoints: number;
  /** Fewest aligned grid points a correlation needs. */
  readonly minCorrelationPoints: number;
  /** Weight of |correlation with the SLI| in a signal's score, 0..1 (0 ignores it). */
  readonly correlationWeight: number;
  /** Largest share of a node's score an anomalous callee can explain away, 0..1. */
  readonly calleeDiscount: number;
  /** Robust z-score above which a node counts as anomalous for the callee discount. */
  readonly anomalousThreshold: number;
  /** Signals kept as evidence per candidate. */
  readonly evidenceSignals: number;
  /** Which ranker runs (default `classic`). */
  readonly ranker: RankerName;
  // Read by the calibrated ranker only (`rankCalibrated`); docs/root-cause.md explains each.
  /** Calibrated: the baseline also reaches at least this many of the case's own steps. */
  readonly minHistoryPoints: number;
  /** Calibrated: the anomaly window reaches at least this many steps past the anomaly time. */
  readonly minWindowPoints: number;
  /** Calibrated: a deviation must hold this long (at least two points) to count (ms). */
  readonly sustainMs: number;
  /** Calibrated: the onset check compares the window with the level over this long before it (ms). */
  readonly onsetMs: number;
  /** Calibrated: the baseline holds at least this many sustain runs (caps the run length). */
  readonly minNullRuns: number;
  /**
   * Calibrated: fewest history points a signal needs (3: the least with a median and a
   * spread; the null's pseudo-count keeps so short a history from giving strong evidence).
   */
  readonly minNullPoints: number;
  /** Calibrated: the tail's scale is never below this share of the history's |median|, 0..1. */
  readonly tailScaleFloor: number;
  /** Calibrated: a change out of a history with no spread lies this many tail scales beyond it. */
  readonly constantNullStrength: number;
  /** Calibrated: weight of the correlation with the SLI, as a Fisher z beside the anomaly z, 0..1. */
  readonly correlationZWeight: number;
  /** Calibrated: false-discovery rate (Benjamini-Hochberg) of the anomalous set, 0..1. */
  readonly fdrLevel: number;
}

/** Why a signal counts for a candidate. */
export interface SignalEvidence {
  readonly signal: string;
  /**
   * Anomaly score: classic, sustained |x - median| / robust scale over the anomaly window;
   * calibrated, z-like, the window's sustained deviation against same-length runs of the
   * signal's own history (`calibratedScore`).
   */
  readonly anomaly: number;
  /** Pearson correlation with the SLI over the lookback; null when it cannot be computed. */
  readonly correlation: number | null;
  /** The signal's score: classic, anomaly weighted by |correlation|; calibrated, its anomaly. */
  readonly score: number;
}

/** One ranked node. */
export interface Candidate {
  /** 1-based; each node appears once, however many of its signals stand out. */
  readonly rank: number;
  readonly node: string;
  /** Final score (higher is more likely the root cause). */
  readonly score: number;
  /** The node's score before the callee discount: its best signal's score. */
  readonly ownScore: number;
  /** The most anomalous callee below it that explains part of its anomaly, if any. */
  readonly explainedBy: string | null;
  /** Call path from the SLO's node to this node; null without topology. */
  readonly path: readonly string[] | null;
  /** Its strongest signals, best first. */
  readonly signals: readonly SignalEvidence[];
}

/** The ranker's answer. */
export interface Ranking {
  readonly candidates: readonly Candidate[];
  /** Candidates (by topology) that had no scorable series; they are not ranked. */
  readonly unscored: readonly string[];
  /** True when the topology named the SLO's node and restricted the candidates. */
  readonly usedTopology: boolean;
  /** True when the SLI had enough points to correlate against. */
  readonly sliAvailable: boolean;
  /** The intervals used, Unix epoch ms, half-open. */
  readonly baseline: { readonly from: number; readonly to: number };
  readonly window: { readonly from: number; readonly to: number };
}
