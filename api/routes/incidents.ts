import type { FastifyPluginAsync } from 'fastify';
import type { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import type { IncidentStore } from '../../alerting/incidents/incident-store.js';
import { FaultlineError } from '../../core/faultline-error.js';
import { HttpErrorCode } from '../../core/http/http-errors.js';
import type { IncidentState, IncidentStatus } from '../../correlate/incidents/incident.js';
import { paramsSchema } from '../route-schemas.js';
import { registerIncidentActions } from './incident-actions.js';

export interface IncidentRoutesOptions {
  store: Pick<IncidentStore, 'list' | 'get'>;
  /** The write routes (acknowledge, assign, notes, resolve, merge, split); none without it. */
  actions?: IncidentActions;
}

/**
 * `GET /api/v1/incidents`: incidents, newest first, `{ incidents: [...] }`; `status=open` or
 * `status=resolved` filters, `state=open|acknowledged|resolved` filters by what on-call sees
 * (open means nobody acknowledged it yet), `limit=` (1..500, default 50) caps. `GET /api/v1/incidents/:id`:
 * one incident, 404 when there is none. Each incident: `{ id, status, openedAt, resolvedAt?,
 * services, alerts: [{ fingerprint, alertname, service, severity, state, source, since, ... }],
 * timeline: [{ at, kind, text }], rootCause: { at, candidates: [{ rank, node, score,
 * evidence: { signals: [{ signal, anomalyScore, correlation, series }], path } }] },
 * acknowledged?, owner?, resolvedBy?, mergedInto?, splitFrom?, revision }`.
 */
export const incidentRoutes: FastifyPluginAsync<IncidentRoutesOptions> = async (app, { store, actions }) => {
  if (actions) registerIncidentActions(app, actions);
  app.get<{ Querystring: { status?: IncidentStatus; state?: IncidentState; limit?: number } }>(
    '/api/v1/incidents',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['open', 'resolved'] },
            state: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
          },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const { status, state, limit = 50 } = request.query;
      return {
        incidents: await store.list({
          ...(status === undefined ? {} : { status }),
          ...(state === undefined ? {} : { state }),
          limit,
        }),
      };
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
