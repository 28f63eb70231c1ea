import type { FastifyPluginAsync } from 'fastify';
import { type Clock, endMinuteAt } from '../../core/clock.js';
import { FaultlineError } from '../../core/faultline-error.js';
import type { Slo } from '../../pipeline/slo/slo.js';
import type { SloStatusReader } from '../../pipeline/status/slo-status-reader.js';
import { parseTime } from '../query-time.js';

export interface SloRoutesOptions {
  reader: SloStatusReader;
  clock: Clock;
}

/**
 * `GET /api/v1/slos`: every SLO's status, least budget left first.
 * `GET /api/v1/slos/:name`: one SLO by id (`service/name`, URL-encoded) or by its name when
 * no other service has an SLO of that name; also `/api/v1/slos/:service/:name`.
 * Both take `at=` (RFC 3339 or unix seconds) for the status at a past instant.
 */
export const sloRoutes: FastifyPluginAsync<SloRoutesOptions> = async (app, { reader, clock }) => {
  const endOf = (at: string | undefined): number =>
    at === undefined ? endMinuteAt(clock.now()) : Math.floor(parseTime(at, 'at') / 60_000);

  app.get<{ Querystring: { at?: string } }>('/api/v1/slos', async (request) => {
    const statuses = await reader.read(endOf(request.query.at));
    statuses.sort((a, b) => a.errorBudgetRemaining - b.errorBudgetRemaining || a.id.localeCompare(b.id));
    return { slos: statuses };
  });

  const one = async (slo: Slo, at: string | undefined) => {
    const [status] = await reader.read(endOf(at), [slo]);
    return status;
  };

  app.get<{ Params: { name: string }; Querystring: { at?: string } }>(
    '/api/v1/slos/:name',
    async (request) => {
      return one(findSlo(reader, request.params.name), request.query.at);
    },
  );

  app.get<{ Params: { service: string; name: string }; Querystring: { at?: string } }>(
    '/api/v1/slos/:service/:name',
    async (request) =>
      one(findSlo(reader, `${request.params.service}/${request.params.name}`), request.query.at),
  );
};

function findSlo(reader: SloStatusReader, key: string): Slo {
  const byId = reader.get(key);
  if (byId) return byId;
  const named = reader.slos.filter((s) => s.name === key);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new FaultlineError(
      'FL_API_BAD_REQUEST',
      `SLO name '${key}' is ambiguous; use one of: ${named.map((s) => s.id).join(', ')}`,
    );
  }
  throw new FaultlineError('FL_API_NOT_FOUND', `no SLO '${key}'`);
}
