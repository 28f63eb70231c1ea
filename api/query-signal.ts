import { FaultlineError } from '../core/faultline-error.js';
import { HttpErrorCode } from '../core/http/http-errors.js';
import { isSpanSignal, type Signal, SPAN_SIGNALS } from '../pipeline/series/signals.js';

/**
 * A `signal=` query value: a span signal (`error_rate`, `latency_p99`, ...) or
 * `metric:<name>`. Anything else is a 400 with FL_API_BAD_REQUEST naming the choices, so a
 * typo is not answered with an empty result.
 */
export function parseSignalParam(text: string, param = 'signal'): Signal {
  const signal = text.trim();
  if (isSpanSignal(signal)) return signal;
  if (/^metric:[A-Za-z0-9_.:/-]{1,200}$/.test(signal)) return signal as Signal;
  throw new FaultlineError(
    HttpErrorCode.BadRequest,
    `${param}: expected ${SPAN_SIGNALS.join(', ')} or metric:<name>, got '${text}'`,
  );
}
