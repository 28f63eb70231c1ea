import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';
import { scrubClientErrors } from './client-error.js';

export type { Logger } from 'pino';

/** How log lines are written: JSON objects, or readable lines for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/** `auto` picks pretty lines when stdout is a terminal and JSON when it is piped or a file. */
export function resolveLogFormat(format: 'auto' | LogFormat, stdoutIsTty: boolean): LogFormat {
  return format === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : format;
}

/**
 * The process logger: structured JSON lines on stdout, or the same records as readable
 * lines (`pretty`). Created once by the entry point and handed to every component, never
 * imported by domain code.
 */
export function createLogger(
  level: string,
  destination?: NodeJS.WritableStream,
  format: LogFormat = 'json',
): Logger {
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
    format === 'pretty' ? prettyStream(destination) : (destination ?? pino.destination({ sync: false })),
  );
}

/** Readable lines: time, level, component and message, then the fields; in process, no worker. */
function prettyStream(destination?: NodeJS.WritableStream): NodeJS.WritableStream {
  return pretty({
    ...(destination ? { destination } : {}),
    colorize: destination === undefined ? process.stdout.isTTY === true : false,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,component',
    messageFormat: '{if component}[{component}] {end}{msg}',
    singleLine: true,
    sync: true,
  });
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
