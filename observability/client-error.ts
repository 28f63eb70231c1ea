/**
 * Client errors (ioredis, kafkajs, fetch) carry more than their message: an ioredis
 * `ReplyError` keeps the failed command with its arguments (`AUTH <user> <password>`), a
 * Cluster error keeps the last node's error, a kafkajs error its `originalError`. Logged as
 * they are, a wrong password lands in every log line about a failing write. This module turns
 * any error found in a log object into a safe copy: only an allow-list of fields, the command
 * by name without its arguments, and nested errors treated the same way.
 */

/** Fields of an error copied into a log line; everything else is dropped. */
const KEPT = ['message', 'code', 'errno', 'syscall', 'type', 'retriable', 'broker', 'status'] as const;
/** Fields that hold further errors (a cause, the last node's error, a kafkajs original). */
const NESTED = ['cause', 'lastNodeError', 'originalError', 'previousErrors', 'errors'] as const;
/** How deep log objects and error chains are walked; deeper values are replaced. */
const MAX_DEPTH = 4;

function isErrorLike(value: unknown): value is Error & Record<string, unknown> {
  return (
    value instanceof Error ||
    (typeof value === 'object' && value !== null && 'message' in value && 'stack' in value)
  );
}

function safeError(err: Error & Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name || err.constructor?.name || 'Error' };
  for (const key of KEPT) {
    const v = err[key];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
  }
  if (typeof err.stack === 'string') out.stack = err.stack;
  const command = err.command as { name?: unknown } | undefined;
  // the command's name says what failed; its arguments may be a password or a stored value
  if (command && typeof command.name === 'string') out.command = command.name;
  for (const key of NESTED) {
    const v = err[key];
    if (v !== undefined && v !== null) out[key] = scrubValue(v, depth + 1);
  }
  return out;
}

function scrubValue(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[too deep]';
  if (isErrorLike(value)) return safeError(value, depth);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  // plain objects only: buffers, maps and class instances are left to pino as they are
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubValue(v, depth + 1);
  return out;
}

/**
 * The log object with every error in it (at any key, in arrays and nested objects) replaced by
 * a copy that cannot carry a client's credentials. Used as pino's `formatters.log`.
 */
export function scrubClientErrors(obj: Record<string, unknown>): Record<string, unknown> {
  return scrubValue(obj, 0) as Record<string, unknown>;
}
