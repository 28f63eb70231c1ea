import type { FastifyPluginAsync } from 'fastify';
import type { EngineMetrics } from '../../observability/metrics.js';
import { NO_INPUT } from '../route-schemas.js';

export interface MetricsRoutesOptions {
  metrics: EngineMetrics;
}

/** Prometheus exposition of the engine's own metrics. */
export const metricsRoutes: FastifyPluginAsync<MetricsRoutesOptions> = async (app, opts) => {
  app.get('/metrics', { schema: NO_INPUT }, async (_request, reply) => {
    const body = await opts.metrics.registry.metrics();
    return reply.type(opts.metrics.registry.contentType).send(body);
  });
};
