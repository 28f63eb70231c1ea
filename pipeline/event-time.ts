/**
 * Event-time bookkeeping. The watermark trails the newest event minute seen by the allowed
 * lateness; events older than it are late. A batch is judged against the watermark as it
 * stood before the batch, so one batch spanning several minutes (a replay) is never late
 * against itself.
 *
 * The watermark never passes the engine's own clock: one span stamped in the future (a
 * clock-skewed host, a corrupt timestamp) would otherwise move it ahead and make every live
 * event of the last minutes late. Capped at "now", live traffic up to the allowed lateness
 * old is always accepted, whatever timestamps other senders write.
 */
export class Watermark {
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly latenessMinutes: number,
    private readonly nowMinute: () => number = () => Number.POSITIVE_INFINITY,
  ) {}

  /** The oldest minute still accepted. */
  get oldestAccepted(): number {
    return this.newest - this.latenessMinutes;
  }

  /** Moves the watermark forward with the newest minute of a batch that has been accepted. */
  advance(newestMinute: number): void {
    const m = Math.min(newestMinute, this.nowMinute());
    if (m > this.newest) this.newest = m;
  }
}
