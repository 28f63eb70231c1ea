import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger } from '../../observability/logger.js';

/**
 * A fastify app with faultline's logging conventions: per-request logs off (one line per
 * OTLP export would drown the log). Each caller installs the error handler its protocol needs.
 */
export function createApp(logger: Logger, component: string, bodyLimit: number): FastifyInstance {
  // Fastify's own info line ("Server listening at ...") would repeat the one start-up
  // summary; our routes log warnings and errors only, so warn is the floor here.
  const level = logger.levelVal >= 40 ? logger.level : 'warn';
  const app = Fastify({
    loggerInstance: logger.child({ component }, { level }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    return503OnClosing: true,
  });
  return app;
}
