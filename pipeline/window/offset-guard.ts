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

/** What a guarded write did; `stored` is the next offset held when it refused. */
export interface GuardResult {
  outcome: ApplyOutcome;
  stored?: number;
}

/**
 * The next offset applied per (owner, stream), kept in process memory: the memory stores'
 * form of the guard the Redis adapters keep in a hash per owner (an SLO, a series subject,
 * the topology).
 */
export class MemoryOffsets {
  private readonly next = new Map<string, Map<string, number>>();

  /** Whether `guard` may be applied to `owner`; on `applied` the new offset is recorded too. */
  claim(owner: string, guard: OffsetGuard): GuardResult {
    let streams = this.next.get(owner);
    const stored = streams?.get(guard.stream);
    const outcome = guardOutcome(stored, guard);
    if (outcome !== 'applied') return { outcome, ...(stored === undefined ? {} : { stored }) };
    if (streams === undefined) {
      streams = new Map();
      this.next.set(owner, streams);
    }
    streams.set(guard.stream, guard.next);
    return { outcome };
  }

  /** Forgets an owner (its data went away). */
  forget(owner: string): void {
    this.next.delete(owner);
  }
}
