/**
 * Event-time bookkeeping. The watermark trails the newest event minute seen by the allowed
 * lateness; events older than it are late. A batch is judged against the watermark as it
 * stood before the batch, so one batch spanning several minutes (a replay) is never late
 * against itself.
 *
 * The watermark never passes the engine's own clock: one span stamped in the future (a
 * clock-skewed host, a corrupt timestamp) would otherwise move it ahead and make every live
 * event of the last minutes late. Capped at "now", live traffic up to the allowed lateness
 * old is always accepted, whatever timestamps other senders write. Events more than
 * `maxAheadMinutes` ahead of the clock are refused outright: counted in a minute that has
 * not happened, they would surface in windows later, and random timestamps would make the
 * store keep buckets for any number of future days.
 */
export class Watermark {
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly latenessMinutes: number,
    private readonly nowMinute: () => number = () => Number.POSITIVE_INFINITY,
    private readonly maxAheadMinutes = 5,
  ) {}

  /** The oldest minute still accepted. */
  get oldestAccepted(): number {
    return this.newest - this.latenessMinutes;
  }

  /** The newest minute accepted: the engine clock's minute plus the allowed clock skew. */
  get newestAccepted(): number {
    return this.nowMinute() + this.maxAheadMinutes;
  }

  /** Moves the watermark forward with the newest minute of a batch that has been accepted. */
  advance(newestMinute: number): void {
    const m = Math.min(newestMinute, this.nowMinute());
    if (m > this.newest) this.newest = m;
  }
}
