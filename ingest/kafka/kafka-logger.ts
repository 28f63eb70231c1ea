import { type logCreator, logLevel } from 'kafkajs';
import type { Logger } from '../../observability/logger.js';

/** Routes kafkajs's own log lines into the engine's structured logger. */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const fields = {
        kafkajs: extra.logger,
        broker: extra.broker,
        groupId: extra.groupId,
        error: extra.error,
      };
      if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.debug(fields, message);
      else logger.trace(fields, message);
    };
}
