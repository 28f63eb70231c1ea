/**
 * OpenTelemetry consistent probability sampling (OTEP 235): a sampler that kept a span
 * writes its rejection threshold into the W3C tracestate as `ot=th:<hex>`. The threshold T
 * is a 56-bit number written as 1 to 14 hex digits with trailing zeros left out; a span was
 * kept with probability (2^56 - T) / 2^56, so it stands for 2^56 / (2^56 - T) spans.
 */

const TWO_56 = 1n << 56n;
const THRESHOLD = /^[0-9a-f]{1,14}$/;

/**
 * The adjusted count of a span from its tracestate: how many spans it represents (1 for
 * `th:0`, 10 for a 10 % sampler). Undefined when the tracestate carries no valid threshold,
 * so a malformed value leaves the span counted once rather than guessed at.
 */
export function adjustedCountOf(traceState: string): number | undefined {
  const ot = otValue(traceState);
  if (ot === undefined) return undefined;
  for (const part of ot.split(';')) {
    if (!part.startsWith('th:')) continue;
    const hex = part.slice(3);
    if (!THRESHOLD.test(hex)) return undefined;
    const threshold = BigInt(`0x${hex.padEnd(14, '0')}`);
    return Number(TWO_56) / Number(TWO_56 - threshold);
  }
  return undefined;
}

/** The value of the `ot` list member of a W3C tracestate, if there is one. */
function otValue(traceState: string): string | undefined {
  if (!traceState.includes('ot=')) return undefined;
  for (const member of traceState.split(',')) {
    const trimmed = member.trim();
    if (trimmed.startsWith('ot=')) return trimmed.slice(3);
  }
  return undefined;
}
