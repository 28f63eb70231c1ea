/**
 * Event-time bookkeeping. The watermark trails the newest event minute seen by the allowed
 * lateness; events older than it are late. A batch is judged against the watermark as it
 * stood before the batch, so one batch spanning several minutes (a replay) is never late
 * against itself. `maxAhead` keeps one far-future timestamp (a clock-skewed host) from
 * pushing the watermark ahead and making everything else late.
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

  /** Moves the watermark forward with the newest minute of a batch that has been accepted. */
  advance(newestMinute: number): void {
    const cap = this.nowMinute() + this.maxAheadMinutes;
    const m = Math.min(newestMinute, cap);
    if (m > this.newest) this.newest = m;
  }
}
