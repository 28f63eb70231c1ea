import type { FastifyPluginAsync } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { parseDuration } from '../../core/duration.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import {
  evidenceSeries,
  type GraphSource,
  type LiveRootCause,
} from '../../correlate/live/live-root-cause.js';
import { DEFAULT_SLI_SIGNAL, sliSignalOf } from '../../correlate/live/slo-signal.js';
import type { SeriesStore } from '../../pipeline/series/series-store.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import { parseTime } from '../query-time.js';
import { querySchema } from '../route-schemas.js';

export interface RootCauseRoutesOptions {
  live: LiveRootCause;
  slos: readonly Slo[];
  series: SeriesStore;
  topology?: GraphSource;
  clock: Clock;
  /** `lookback=` when the query has none, ms. */
  defaultLookbackMs: number;
}

interface RootCauseQuerystring {
  service?: string;
  slo?: string;
  at?: string;
  lookback?: string;
  signal?: string;
  limit?: string;
}

const MIN_LOOKBACK_MS = 5 * 60_000;
const MAX_LOOKBACK_MS = 86_400_000;

/**
 * `GET /api/v1/rootcause?service=<svc>[&slo=<name or id>][&at=<time>][&lookback=30m]`: the
 * nodes most likely behind `service` failing at `at` (now by default), ranked on live series
 * with the topology of that time, each with its evidence and the points of its signals in
 * `[at - lookback, at + 10m)`. The SLI is the SLO's (`error_rate` for availability,
 * `latency_p99` for latency), `error_rate` without `slo=`, or `signal=`. `limit=` (1..100,
 * default 10) caps the candidates. 400 on a bad parameter, 404 for a service that has no
 * SLO, is not in the topology and has no series, or an unknown SLO.
 */
export const rootCauseRoutes: FastifyPluginAsync<RootCauseRoutesOptions> = async (app, o) => {
  app.get<{ Querystring: RootCauseQuerystring }>(
    '/api/v1/rootcause',
    { schema: { querystring: querySchema('service', 'slo', 'at', 'lookback', 'signal', 'limit') } },
    async (request) => {
      const q = request.query;
      const service = q.service?.trim();
      if (service === undefined || service === '') throw bad('service: expected the name of a service');
      const now = o.clock.now();
      const atMs = q.at === undefined ? now : parseTime(q.at, 'at');
      if (atMs > now + 60_000) throw bad('at: expected a time that is not in the future');
      const lookbackMs = q.lookback === undefined ? o.defaultLookbackMs : durationOf(q.lookback);
      const limit = limitOf(q.limit);
      const slo = sloOf(o.slos, service, q.slo);
      const signal = signalOf(q.signal) ?? (slo === undefined ? DEFAULT_SLI_SIGNAL : sliSignalOf(slo));

      const graph = o.topology ? await o.topology.graphAt(atMs) : undefined;
      if (!o.slos.some((s) => s.service === service) && !graph?.hasNode(service)) {
        const range = { fromMs: atMs - lookbackMs, toMs: atMs + o.live.options.afterMs };
        const own = await o.series.query({
          subject: { kind: 'service', service },
          signals: ['requests'],
          ...range,
        });
        if ((own.requests ?? []).length === 0) {
          throw new FaultlineError(
            HttpErrorCode.NotFound,
            `no service '${service}': no SLO, not in the topology, no series`,
          );
        }
      }
      const live = await o.live.rank({ service, signal, atMs, lookbackMs, source: 'api' }, graph);
      const { ranking } = live;
      return {
        service,
        ...(slo === undefined ? {} : { slo: slo.id }),
        signal,
        at: new Date(atMs).toISOString(),
        lookback: lookbackMs,
        window: {
          from: new Date(ranking.window.from).toISOString(),
          to: new Date(ranking.window.to).toISOString(),
        },
        candidates: ranking.candidates.slice(0, limit).map((c) => ({
          rank: c.rank,
          node: c.node,
          score: c.score,
          ownScore: c.ownScore,
          explainedBy: c.explainedBy,
          path: c.path,
          signals: c.signals.map((s) => ({ ...s, series: evidenceSeries(live, c.node, s.signal) })),
        })),
        usedTopology: ranking.usedTopology,
        sliAvailable: ranking.sliAvailable,
        unscored: ranking.unscored,
      };
    },
  );
};

function bad(message: string): FaultlineError {
  return new FaultlineError(HttpErrorCode.BadRequest, message);
}

/** `30m`, `1h`, `90s`, `1d` as ms, between 5 minutes and a day. */
function durationOf(text: string): number {
  const ms = parseDuration(text.trim(), { units: ['s', 'm', 'h', 'd'] }) ?? Number.NaN;
  if (!(ms >= MIN_LOOKBACK_MS && ms <= MAX_LOOKBACK_MS)) {
    throw bad(`lookback: expected a duration from 5m to 24h such as 30m or 1h, got '${text}'`);
  }
  return ms;
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return 10;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= 100)) throw bad(`limit: expected a whole number from 1 to 100, got '${text}'`);
  return n;
}

function sloOf(slos: readonly Slo[], service: string, text: string | undefined): Slo | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const name = text.trim();
  const slo = slos.find((s) => s.service === service && (s.name === name || s.id === name));
  if (slo === undefined)
    throw new FaultlineError(HttpErrorCode.NotFound, `no SLO '${name}' of service '${service}'`);
  return slo;
}

function signalOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const signal = text.trim();
  if (!/^[A-Za-z0-9_.:/-]{1,200}$/.test(signal)) throw bad(`signal: expected a signal name, got '${text}'`);
  return signal;
}
