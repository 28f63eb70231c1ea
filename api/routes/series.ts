import type { FastifyPluginAsync } from 'fastify';
import type { SeriesAnswer } from '../../core/api-types.js';
import type { Clock } from '../../core/clock.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import type { SeriesStore } from '../../pipeline/series/series-store.js';
import type { Subject } from '../../pipeline/series/subject.js';
import { parseSignalParam } from '../query-signal.js';
import { parseTime } from '../query-time.js';
import { queryWithLists } from '../route-schemas.js';

export interface SeriesRoutesOptions {
  store: SeriesStore;
  clock: Clock;
}

interface SeriesQuerystring {
  service?: string;
  source?: string;
  target?: string;
  signal?: string | string[];
  from?: string;
  to?: string;
}

/**
 * `GET /api/v1/series?service=<svc>` or `?source=<a>&target=<b>` (an edge), with optional
 * `signal=` (repeatable: `requests`, `errors`, `error_rate`, `latency_mean`, `latency_p50`,
 * `latency_p95`, `latency_p99`, `metric:<name>`), `from=` and `to=` (RFC 3339 or unix
 * seconds; the last hour by default). Answers `{ subject, resolutionMs, series: { <signal>:
 * [{ t, v }] } }` with `t` in unix milliseconds.
 */
export const seriesRoutes: FastifyPluginAsync<SeriesRoutesOptions> = async (app, { store, clock }) => {
  app.get<{ Querystring: SeriesQuerystring }>(
    '/api/v1/series',
    { schema: { querystring: queryWithLists(['service', 'source', 'target', 'from', 'to'], ['signal']) } },
    async (request): Promise<SeriesAnswer> => {
      const q = request.query;
      const subject = subjectOf(q);
      const toMs = q.to === undefined ? clock.now() : parseTime(q.to, 'to');
      const fromMs = q.from === undefined ? toMs - 3_600_000 : parseTime(q.from, 'from');
      if (fromMs >= toMs)
        throw new FaultlineError(HttpErrorCode.BadRequest, 'from: expected a time before to');
      const signals = q.signal === undefined ? undefined : [q.signal].flat().map((s) => parseSignalParam(s));
      const series = await store.query({ subject, fromMs, toMs, ...(signals ? { signals } : {}) });
      return { subject, resolutionMs: store.resolutionMs, series };
    },
  );
};

function subjectOf(q: SeriesQuerystring): Subject {
  if (q.service !== undefined && q.service !== '') return { kind: 'service', service: q.service };
  if (q.source && q.target) return { kind: 'edge', source: q.source, target: q.target };
  throw new FaultlineError(
    HttpErrorCode.BadRequest,
    'expected service=<name>, or source=<name>&target=<name>',
  );
}
