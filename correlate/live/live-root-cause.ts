import type { EngineMetrics } from '../../observability/metrics.js';
import type { SeriesStore } from '../../pipeline/series/series-store.js';
import type { ServiceGraph } from '../../topology/service-graph.js';
import { DEFAULT_RANK_OPTIONS, resolveOptions } from '../options.js';
import { rankRootCauses } from '../rank.js';
import type { AlertEvidence, Candidate, Point, Ranking, RankOptions } from '../types.js';
import { gatherSeries } from './gather-series.js';

/** Where the live ranker reads the graph: `TopologyReader` in the engine. */
export interface GraphSource {
  graphAt(atMs: number): Promise<ServiceGraph>;
}

/** Where the live ranker reads alerts received from Alertmanager (port; the engine adapts its store). */
export interface AlertSource {
  /** Alerts naming a service that started in `[fromMs, toMs)`. */
  alertsBetween(fromMs: number, toMs: number): Promise<readonly AlertEvidence[]>;
}

export interface LiveRootCauseOptions {
  series: SeriesStore;
  /** Alerts received from Alertmanager: evidence for the services they name (calibrated ranker only). */
  alerts?: AlertSource;
  /** The service graph; without it every service with series is a candidate. */
  topology?: GraphSource;
  /** Ranker options over `DEFAULT_RANK_OPTIONS` (the same for every query). */
  rankOptions?: Partial<RankOptions>;
  metrics?: EngineMetrics;
}

/** One live question: which node is most likely behind `service`'s `signal` failing at `atMs`? */
export interface LiveQuery {
  /** The failing SLO's service (a node of the topology). */
  readonly service: string;
  /** The SLI's signal (see `sliSignalOf`). */
  readonly signal: string;
  /** When the SLO started failing, Unix epoch ms. */
  readonly atMs: number;
  /** How far back the baseline reaches, ms. */
  readonly lookbackMs: number;
  /** Who asks, for `faultline_rootcause_seconds{source}`. */
  readonly source?: 'api' | 'incident' | 'alert';
}

/** A ranking with the series it was computed from. */
export interface LiveRanking {
  readonly ranking: Ranking;
  /** The gathered series per node and signal (inbound edge signals included). */
  readonly series: ReadonlyMap<string, ReadonlyMap<string, readonly Point[]>>;
  /** The range read: the lookback through the end of the anomaly window, `[from, to)`. */
  readonly range: { readonly from: number; readonly to: number };
}

/**
 * Root cause on live data: gathers the series of the failing service and everything below
 * it in the topology at that time (`TopologyReader.graphAt`), with the callers' view of each
 * edge folded into the callee as `inbound_*` signals (and, for the calibrated ranker, the
 * alerts received from Alertmanager in that range), and calls the pure `rankRootCauses`
 * with `rankOptions.ranker`.
 * The API, incidents and alert annotations all ask through here.
 */
export class LiveRootCause {
  readonly options: RankOptions;

  constructor(private readonly o: LiveRootCauseOptions) {
    this.options = { ...DEFAULT_RANK_OPTIONS, ...o.rankOptions };
  }

  /**
   * Ranks the candidates for `query`. Rejects with `FL_CORRELATE_INVALID_INPUT` on a bad
   * time or lookback, and with the store's error when the series or graph cannot be read.
   * `graph` is the topology at `atMs` when the caller has already read it.
   */
  async rank(query: LiveQuery, graph?: ServiceGraph): Promise<LiveRanking> {
    const timer = this.o.metrics?.rootCauseSeconds.startTimer({ source: query.source ?? 'api' });
    const slo = { node: query.service, signal: query.signal };
    const options = resolveOptions(
      { series: new Map(), anomalyTimeMs: query.atMs, slo, lookbackMs: query.lookbackMs },
      this.options,
    );
    const range = { from: query.atMs - options.lookbackMs, to: query.atMs + options.afterMs };
    graph ??= this.o.topology ? await this.o.topology.graphAt(query.atMs) : undefined;
    const gathered = await gatherSeries(this.o.series, graph, {
      service: query.service,
      fromMs: range.from,
      toMs: range.to,
    });
    // Only the calibrated ranker reads alerts; the classic one does not wait on the store.
    const alerts =
      this.o.alerts === undefined || this.options.ranker !== 'calibrated'
        ? undefined
        : await this.o.alerts.alertsBetween(range.from, range.to);
    const ranking = rankRootCauses(
      {
        series: gathered.series,
        edges: gathered.edges,
        anomalyTimeMs: query.atMs,
        slo,
        lookbackMs: options.lookbackMs,
        ...(alerts === undefined ? {} : { alerts }),
      },
      this.options,
    );
    timer?.();
    return { ranking, series: gathered.series, range };
  }
}

/** The points of `node`'s `signal` in the ranking's range (what its evidence is drawn from). */
export function evidenceSeries(live: LiveRanking, node: string, signal: string): Point[] {
  const points = live.series.get(node)?.get(signal) ?? [];
  return points.filter((p) => p.t >= live.range.from && p.t < live.range.to);
}

/**
 * The top candidates as one line, `carts (12.41), carts-db (3.10), orders (0.52)`: the
 * ranker's scores with two decimals, best first. Empty when there are none.
 */
export function formatCandidates(
  candidates: ReadonlyArray<Pick<Candidate, 'node' | 'score'>>,
  top = 3,
): string {
  return candidates
    .slice(0, top)
    .map((c) => `${c.node} (${c.score.toFixed(2)})`)
    .join(', ');
}
