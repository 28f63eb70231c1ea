import { type EpochMinute, EXACT_WINDOW_MINUTES } from './window-store.js';

export const MINUTES_PER_HOUR = 60;
export const MINUTES_PER_DAY = 1440;

/** A run of whole buckets of one granularity: [from, to) in units of that level. */
export interface BucketRange {
  level: 'minute' | 'hour' | 'day';
  from: number;
  to: number;
}

/**
 * Splits the minute range [a, b) into the fewest minute, hour and day buckets that cover it
 * exactly: leading minutes up to an hour boundary, hours up to a day boundary, whole days,
 * then hours and minutes again. A 30-day window needs at most ~200 buckets instead of
 * 43 200 minutes, which is what makes long windows cheap to read.
 */
export function splitRange(a: EpochMinute, b: EpochMinute): BucketRange[] {
  const out: BucketRange[] = [];
  if (b <= a) return out;
  const hourUp = Math.ceil(a / MINUTES_PER_HOUR) * MINUTES_PER_HOUR;
  const hourDownB = Math.floor(b / MINUTES_PER_HOUR) * MINUTES_PER_HOUR;
  if (hourUp >= hourDownB) {
    out.push({ level: 'minute', from: a, to: b });
    return out;
  }
  if (a < hourUp) out.push({ level: 'minute', from: a, to: hourUp });
  const dayUp = Math.ceil(hourUp / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  const dayDownB = Math.floor(hourDownB / MINUTES_PER_DAY) * MINUTES_PER_DAY;
  if (dayUp >= dayDownB) {
    out.push({ level: 'hour', from: hourUp / MINUTES_PER_HOUR, to: hourDownB / MINUTES_PER_HOUR });
  } else {
    if (hourUp < dayUp)
      out.push({ level: 'hour', from: hourUp / MINUTES_PER_HOUR, to: dayUp / MINUTES_PER_HOUR });
    out.push({ level: 'day', from: dayUp / MINUTES_PER_DAY, to: dayDownB / MINUTES_PER_DAY });
    if (dayDownB < hourDownB) {
      out.push({ level: 'hour', from: dayDownB / MINUTES_PER_HOUR, to: hourDownB / MINUTES_PER_HOUR });
    }
  }
  if (hourDownB < b) out.push({ level: 'minute', from: hourDownB, to: b });
  return out;
}

/**
 * Where a store starts counting a window of `minutes` ending at `end`: its nominal start
 * when the window is at most {@link EXACT_WINDOW_MINUTES} long, otherwise the first hour
 * boundary at or after it (minute counts are kept only for the last 3 days).
 */
export function alignedStart(end: EpochMinute, minutes: number): EpochMinute {
  const start = end - minutes;
  return minutes <= EXACT_WINDOW_MINUTES ? start : Math.ceil(start / MINUTES_PER_HOUR) * MINUTES_PER_HOUR;
}

/**
 * A minute boundary as the stores can still tell it at evaluation instant `now`: itself when
 * it is at most 3 days before `now`, otherwise the first hour boundary at or after it. For
 * ranges that do not end at `now` (maintenance windows, burn-down instants).
 */
export function storedBoundary(minute: EpochMinute, now: EpochMinute): EpochMinute {
  return now - minute <= EXACT_WINDOW_MINUTES ? minute : alignedStart(now, now - minute);
}
