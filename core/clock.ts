/** Where time comes from, passed in wherever time matters so tests and replays control it. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and event-time replay. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  set(ms: number): void {
    this.ms = ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The epoch minute after the one `ms` falls in: windows ending "now" include the current minute. */
export function endMinuteAt(ms: number): number {
  return Math.floor(ms / 60_000) + 1;
}
