import type { FastifyPluginAsync } from 'fastify';
import type { IncidentStore } from '../../alerting/incidents/incident-store.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import type { IncidentStatus } from '../../correlate/incidents/incident.js';
import { paramsSchema } from '../route-schemas.js';

export interface IncidentRoutesOptions {
  store: Pick<IncidentStore, 'list' | 'get'>;
}

/**
 * `GET /api/v1/incidents`: incidents, newest first, `{ incidents: [...] }`; `status=open` or
 * `status=resolved` filters, `limit=` (1..500, default 50) caps. `GET /api/v1/incidents/:id`:
 * one incident, 404 when there is none. Each incident: `{ id, status, openedAt, resolvedAt?,
 * services, alerts: [{ fingerprint, alertname, service, severity, state, source, since, ... }],
 * timeline: [{ at, kind, text }], rootCause: { at, candidates: [{ rank, node, score,
 * evidence: { signals: [{ signal, anomalyScore, correlation, series }], path } }] } }`.
 */
export const incidentRoutes: FastifyPluginAsync<IncidentRoutesOptions> = async (app, { store }) => {
  app.get<{ Querystring: { status?: IncidentStatus; limit?: number } }>(
    '/api/v1/incidents',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['open', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { status, limit = 50 } = request.query;
      return { incidents: await store.list({ ...(status === undefined ? {} : { status }), limit }) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/incidents/:id',
    { schema: { params: paramsSchema('id') } },
    async (request) => {
      const incident = await store.get(request.params.id);
      if (incident === undefined)
        throw new FaultlineError(HttpErrorCode.NotFound, `no incident '${request.params.id}'`);
      return incident;
    },
  );
};
