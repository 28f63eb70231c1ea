import { type Logger, pino } from 'pino';
import { scrubClientErrors } from './client-error.js';

export type { Logger } from 'pino';

/**
 * The process logger: structured JSON lines on stdout. Created once by the entry point and
 * handed to every component, never imported by domain code.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'faultline' },
      // Client errors keep what they sent (a Redis AUTH's arguments): copied safely first.
      formatters: { log: scrubClientErrors },
      // what the formatter left is already a plain, safe copy; pino's own error serializer
      // would take it for an error again and rename its type to "Object"
      serializers: { err: (e: unknown) => e },
      // Secrets never reach a log line, whichever component logs the object that holds them.
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'authorization',
          '*.authorization',
          'url',
          '*.url',
          'urls',
          '*.urls',
          'webhookUrl',
          '*.webhookUrl',
          'secret',
          '*.secret',
          'bearerToken',
          '*.bearerToken',
          'bearerTokens',
          '*.bearerTokens',
          'basicAuth',
          '*.basicAuth',
        ],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
