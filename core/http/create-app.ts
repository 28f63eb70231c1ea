import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../../observability/logger.js';

/**
 * A fastify app with faultline's logging conventions: per-request logs off (one line per
 * OTLP export would drown the log). Each caller installs the error handler its protocol needs.
 */
export function createApp(logger: Logger, component: string, bodyLimit: number): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger.child({ component }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    return503OnClosing: true,
  });
  return app;
}
