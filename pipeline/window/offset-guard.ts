import type { ApplyOutcome, OffsetGuard } from './window-store.js';

/**
 * Whether a guarded delta may be applied, given the next offset the store already holds for
 * its SLO and stream. The Redis adapter's Lua script implements the same rule.
 */
export function guardOutcome(stored: number | undefined, guard: OffsetGuard): ApplyOutcome {
  if (stored === undefined) return 'applied';
  if (stored >= guard.next) return 'duplicate';
  if (stored > guard.from) return 'conflict';
  return 'applied';
}
