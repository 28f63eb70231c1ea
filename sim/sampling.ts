const TWO_56 = 1n << 56n;

/**
 * The W3C tracestate a span kept by a one-in-`n` sampler carries under OpenTelemetry's
 * consistent probability sampling (OTEP 235): `ot=th:<threshold>`, the 56-bit rejection
 * threshold in hex without trailing zeros, from which a reader recovers the span's
 * adjusted count (`n`). Undefined for `n` = 1: unsampled spans carry nothing.
 */
export function samplingTraceState(n: number): string | undefined {
  if (n === 1) return undefined;
  const threshold = TWO_56 - TWO_56 / BigInt(n);
  const hex = threshold.toString(16).padStart(14, '0').replace(/0+$/, '');
  return `ot=th:${hex === '' ? '0' : hex}`;
}
