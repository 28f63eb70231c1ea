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
  /** Alerts received from outside (Alertmanager) naming a node: evidence for that node. */
  readonly alerts?: readonly AlertEvidence[];
}

/** An alert that names a node (its service label), as received from Alertmanager. */
export interface AlertEvidence {
  readonly node: string;
  /** When it started firing, Unix epoch ms. */
  readonly startsAtMs: number;
}

/**
 * Tuning of the ranker; one configuration serves every case and every sampling step. See
 * `DEFAULT_RANK_OPTIONS` and `docs/root-cause.md` for how each value was chosen.
 */
export interface RankOptions {
  /** Baseline reaches back at least this far before the anomaly time (ms). */
  readonly lookbackMs: number;
  /** ... and at least this many steps of the case's own sampling step. */
  readonly minHistoryPoints: number;
  /**
   * The anomaly window opens this long (at least one step) before the anomaly time, and the
   * baseline closes there, so an anomaly time given late does not leak the fault into the
   * baseline (ms).
   */
  readonly guardMs: number;
  /** The anomaly window closes this long after the anomaly time (ms)... */
  readonly afterMs: number;
  /** ... and not before this many steps after it. */
  readonly minWindowPoints: number;
  /** A deviation must hold this long (at least two points) to count (ms). */
  readonly sustainMs: number;
  /** The onset check compares the window with the signal's level over this long before it (ms). */
  readonly onsetMs: number;
  /** Fewest baseline points a signal needs to be scored. */
  readonly minBaselinePoints: number;
  /** The baseline holds at least this many sustain runs (caps the run length). */
  readonly minNullRuns: number;
  /** Fewest aligned grid points a correlation needs. */
  readonly minCorrelationPoints: number;
  /** Weight of the correlation with the SLI (as a Fisher z) beside the anomaly z, 0..1 (0 ignores it). */
  readonly correlationWeight: number;
  /** False-discovery rate (Benjamini-Hochberg) of the anomalous set the topology step uses, 0..1. */
  readonly fdrLevel: number;
  /** Signals kept as evidence per candidate. */
  readonly evidenceSignals: number;
}

/** Why a signal counts for a candidate. */
export interface SignalEvidence {
  readonly signal: string;
  /**
   * Calibrated anomaly, z-like: how extreme the window's sustained deviation is against runs
   * of the same length in the signal's own history (see `calibratedScore`).
   */
  readonly anomaly: number;
  /** Pearson correlation with the SLI in the incident window; null when it cannot be computed. */
  readonly correlation: number | null;
  /** The signal's score (its calibrated anomaly). */
  readonly score: number;
}

/** One ranked node. */
export interface Candidate {
  /** 1-based; each node appears once, however many of its signals stand out. */
  readonly rank: number;
  readonly node: string;
  /** Final score, z-like (higher is more likely the root cause). */
  readonly score: number;
  /** The node's own evidence, its roles combined, before topology and correlation. */
  readonly ownScore: number;
  /** The anomalous direct callee whose signal explains this node's anomaly, if any. */
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
