import type { FastifyPluginAsync } from 'fastify';
import type { Alert, AlertState } from '../../alerting/alert.js';

export interface AlertRoutesOptions {
  /** Every stored alert (pending, firing, recently resolved); none when alerting is off. */
  list: () => Promise<readonly Alert[]>;
}

const STATES: readonly AlertState[] = ['inactive', 'pending', 'firing', 'resolved'];
const STATE_ORDER: Record<AlertState, number> = { firing: 0, pending: 1, resolved: 2, inactive: 3 };
const SEVERITY_ORDER: Record<string, number> = { page: 0, ticket: 1 };

/**
 * `GET /api/v1/alerts`: faultline's current SLO alerts — firing first, then pending, then
 * recently resolved; pages before tickets — each with its labels, annotations, state and
 * since, burn rates and fingerprint. `state=` (repeatable) keeps only those states.
 */
export const alertRoutes: FastifyPluginAsync<AlertRoutesOptions> = async (app, { list }) => {
  app.get<{ Querystring: { state?: AlertState[] } }>(
    '/api/v1/alerts',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { state: { type: 'array', items: { type: 'string', enum: [...STATES] } } },
          additionalProperties: false,
        },
      },
    },
    async (request) => {
      const wanted = request.query.state;
      const alerts = (await list()).filter((a) => wanted === undefined || wanted.includes(a.state));
      alerts.sort(
        (a, b) =>
          STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
          (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
          a.sloId.localeCompare(b.sloId) ||
          (a.labels.alertname ?? '').localeCompare(b.labels.alertname ?? ''),
      );
      return { alerts };
    },
  );
};
