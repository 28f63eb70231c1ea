/**
 * Base error for every failure faultline reports on purpose. Callers and tests match on
 * `code` (stable, e.g. `FL_CONFIG_INVALID`), never on the message text.
 */
export class FaultlineError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FaultlineError';
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is a FaultlineError carrying `code`. */
export function hasCode(err: unknown, code: string): err is FaultlineError {
  return err instanceof FaultlineError && err.code === code;
}
