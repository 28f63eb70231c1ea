import type { FastifyPluginAsync } from 'fastify';
import { type Silence, silenceState } from '../../alerting/silences/silence.js';
import type { Silences } from '../../alerting/silences/silences.js';

export interface SilenceRoutesOptions {
  silences: Pick<Silences, 'create' | 'list' | 'get' | 'expire'>;
  /** Wall clock for each silence's state (pending, active, expired). */
  now: () => number;
}

const matcher = {
  oneOf: [
    { type: 'string', minLength: 1 },
    {
      type: 'object',
      required: ['name', 'value', 'isRegex'],
      properties: {
        name: { type: 'string' },
        value: { type: 'string' },
        isRegex: { type: 'boolean' },
        isEqual: { type: 'boolean' },
      },
      additionalProperties: false,
    },
  ],
};

const postBody = {
  type: 'object',
  required: ['matchers', 'endsAt', 'createdBy'],
  properties: {
    matchers: { type: 'array', minItems: 1, maxItems: 64, items: matcher },
    startsAt: { type: 'string' },
    endsAt: { type: 'string' },
    createdBy: { type: 'string', minLength: 1, maxLength: 256 },
    comment: { type: 'string', maxLength: 4096 },
    excludeFromBudget: { type: 'boolean' },
  },
  additionalProperties: false,
};

/**
 * Silences, Alertmanager-compatible: `POST /api/v1/silences` creates one (matchers as
 * `name="value"` text or API v2 objects, `startsAt` (default now), `endsAt`, `createdBy`,
 * `comment`, `excludeFromBudget`), `GET` lists faultline's and the configured
 * Alertmanager's with their state, `GET /api/v1/silences/:id` shows one and
 * `DELETE /api/v1/silences/:id` expires it now. Writes need credentials when `auth` is set.
 */
export const silenceRoutes: FastifyPluginAsync<SilenceRoutesOptions> = async (app, { silences, now }) => {
  const view = (s: Silence) => ({ ...s, status: { state: silenceState(s, now()) } });

  app.post<{ Body: Parameters<Silences['create']>[0] }>(
    '/api/v1/silences',
    { schema: { body: postBody } },
    async (request, reply) => {
      const created = await silences.create(request.body);
      return reply.code(201).send(view(created));
    },
  );

  app.get('/api/v1/silences', async () => ({ silences: (await silences.list()).map(view) }));

  app.get<{ Params: { id: string } }>('/api/v1/silences/:id', async (request) =>
    view(await silences.get(request.params.id)),
  );

  app.delete<{ Params: { id: string } }>('/api/v1/silences/:id', async (request) =>
    view(await silences.expire(request.params.id)),
  );
};
