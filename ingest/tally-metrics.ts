import type { EngineMetrics } from '../observability/metrics.js';
import type { DecodeTally } from './decode/index.js';

/** Counts what one decode dropped as invalid and cut to its bounds, for `source`. */
export function countTally(metrics: EngineMetrics, source: string, tally: DecodeTally): void {
  if (tally.invalid > 0) metrics.invalidRecords.inc({ source, reason: tally.reason }, tally.invalid);
  if (tally.cutNames > 0) metrics.truncatedValues.inc({ source, kind: 'name' }, tally.cutNames);
  if (tally.cutValues > 0) metrics.truncatedValues.inc({ source, kind: 'attribute' }, tally.cutValues);
}
