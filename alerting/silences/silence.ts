import { AlertingError, AlertingErrorCode } from '../errors.js';
import { checkMatcher, type Matcher, matchesAll, parseMatcher } from '../matchers.js';

/**
 * A silence, as Alertmanager's API v2 has it: alerts whose labels match every matcher are
 * not sent by any notifier between `startsAt` and `endsAt`; their transitions are still
 * recorded. `excludeFromBudget` makes it a maintenance window: its time is left out of the
 * error budget of every SLO it matches (by the `slo` label).
 */
export interface Silence {
  id: string;
  matchers: Matcher[];
  /** ISO 8601. */
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  /** When it was created or last expired (ISO 8601). */
  updatedAt: string;
  excludeFromBudget: boolean;
  /** Where it is kept: faultline's own store, or an Alertmanager (read-only here). */
  source?: 'faultline' | 'alertmanager';
}

export type SilenceState = 'pending' | 'active' | 'expired';

/** Where a silence stands at `atMs`: active from `startsAt` (inclusive) to `endsAt` (exclusive). */
export function silenceState(s: Silence, atMs: number): SilenceState {
  if (atMs < Date.parse(s.startsAt)) return 'pending';
  return atMs < Date.parse(s.endsAt) ? 'active' : 'expired';
}

/** The ids of the silences active at `atMs` whose matchers all hold for `labels`. */
export function silencedBy(
  silences: readonly Silence[],
  labels: Readonly<Record<string, string>>,
  atMs: number,
): string[] {
  return silences
    .filter((s) => silenceState(s, atMs) === 'active' && matchesAll(s.matchers, labels))
    .map((s) => s.id);
}

/** A silence as the API takes it: matchers as text (`team="payments"`) or API v2 objects. */
export interface SilenceInput {
  /** API v2 objects may leave `isEqual` out: it means equal, as in Alertmanager. */
  matchers: ReadonlyArray<string | (Omit<Matcher, 'isEqual'> & { isEqual?: boolean })>;
  startsAt?: string;
  endsAt: string;
  createdBy: string;
  comment?: string;
  excludeFromBudget?: boolean;
}

const invalid = (why: string, field: string) =>
  new AlertingError(AlertingErrorCode.SilenceInvalid, `invalid silence: ${field}: ${why}`, { field });

/**
 * A new silence from API input, starting now when `startsAt` is absent. Throws
 * `FL_ALERTING_SILENCE_INVALID` (naming the field) or `FL_ALERTING_MATCHER_INVALID`.
 */
export function newSilence(input: SilenceInput, id: string, nowMs: number): Silence {
  if (input.matchers.length === 0) throw invalid('expected at least one matcher', 'matchers');
  const matchers = input.matchers.map((m) =>
    typeof m === 'string' ? parseMatcher(m) : checkMatcher({ ...m, isEqual: m.isEqual ?? true }),
  );
  const time = (value: string, field: string): number => {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw invalid(`expected an RFC 3339 time, not '${value}'`, field);
    return ms;
  };
  const startsMs = input.startsAt === undefined ? nowMs : Math.max(time(input.startsAt, 'startsAt'), nowMs);
  const endsMs = time(input.endsAt, 'endsAt');
  if (endsMs <= startsMs) throw invalid('expected a time after startsAt (and after now)', 'endsAt');
  if (input.createdBy.trim() === '') throw invalid('expected who creates the silence', 'createdBy');
  return {
    id,
    matchers,
    startsAt: new Date(startsMs).toISOString(),
    endsAt: new Date(endsMs).toISOString(),
    createdBy: input.createdBy,
    comment: input.comment ?? '',
    updatedAt: new Date(nowMs).toISOString(),
    excludeFromBudget: input.excludeFromBudget ?? false,
  };
}
