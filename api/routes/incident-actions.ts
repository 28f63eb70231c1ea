import type { FastifyInstance } from 'fastify';
import type { IncidentActions } from '../../alerting/incidents/incident-actions.js';
import { paramsSchema } from '../route-schemas.js';

/** Who acts: free text, as Alertmanager's `createdBy` (the dashboard remembers it). */
const by = { type: 'string', minLength: 1, maxLength: 256 };

function body(required: Record<string, object>, optional: Record<string, object> = {}) {
  return {
    type: 'object',
    required: ['by', ...Object.keys(required)],
    properties: { by, ...required, ...optional },
    additionalProperties: false,
  };
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });

interface Body {
  by: string;
  owner?: string;
  text?: string;
  comment?: string;
  into?: string;
  alert?: string;
}

/**
 * The incident write routes, each `POST /api/v1/incidents/:id/<action>` with a JSON body
 * naming who acts (`by`), answering the incident changed (for `merge` the target, for
 * `split` the new incident; 201 then). Credentials are needed when `auth` is configured
 * (every POST is a write). 404 FL_ALERTING_INCIDENT_NOT_FOUND, 409
 * FL_ALERTING_INCIDENT_CONFLICT (resolved, merge into itself, alert not in it or its only
 * one), 503 FL_ALERTING_INCIDENT_BUSY (kept changing under the change).
 */
export function registerIncidentActions(app: FastifyInstance, actions: IncidentActions): void {
  const route = (
    name: string,
    schema: object,
    act: (id: string, b: Body) => ReturnType<IncidentActions['acknowledge']>,
    created = false,
  ) =>
    app.post<{ Params: { id: string }; Body: Body }>(
      `/api/v1/incidents/:id/${name}`,
      { schema: { params: paramsSchema('id'), body: schema } },
      async (request, reply) => {
        const incident = await act(request.params.id, request.body);
        return reply.code(created ? 201 : 200).send(incident);
      },
    );
  route('acknowledge', body({}), (id, b) => actions.acknowledge(id, b.by));
  route('assign', body({ owner: text(256) }), (id, b) => actions.assign(id, b.owner!, b.by));
  route('notes', body({ text: text(4096) }), (id, b) => actions.note(id, b.text!, b.by));
  route('resolve', body({}, { comment: { type: 'string', maxLength: 4096 } }), (id, b) =>
    actions.resolve(id, b.by, b.comment),
  );
  route('merge', body({ into: text(256) }), (id, b) => actions.merge(id, b.into!, b.by));
  route('split', body({ alert: text(1024) }), (id, b) => actions.split(id, b.alert!, b.by), true);
}
