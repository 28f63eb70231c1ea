import type { FastifyPluginAsync } from 'fastify';
import type { HealthCheck } from '../../core/component.js';
import { NO_INPUT } from '../route-schemas.js';

export interface HealthRoutesOptions {
  readiness: () => Promise<HealthCheck[]>;
}

/**
 * `/healthz`: the process is alive and serving (never touches dependencies, so a slow
 * Redis cannot get the process restarted). `/readyz`: every dependency answers; 503 and the
 * failing checks otherwise, so a load balancer stops sending work.
 */
export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, opts) => {
  app.get('/healthz', { schema: NO_INPUT }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: NO_INPUT }, async (_request, reply) => {
    const checks = await opts.readiness();
    const ready = checks.every((c) => c.ok);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
