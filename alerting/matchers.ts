import { AlertingError, AlertingErrorCode } from './errors.js';

/**
 * Label matchers in Alertmanager's syntax: `name="value"` (equal), `name!="value"` (not
 * equal), `name=~"regex"` and `name!~"regex"` (the regex must match the whole value, as in
 * Alertmanager). A missing label is the empty string, so `team!="payments"` matches an alert
 * without a team and `team=""` matches only such alerts. Values may be left unquoted when
 * they hold no comma, quote or space (`severity=page`). Silences and notifier routes use them.
 */

export type MatchType = '=' | '!=' | '=~' | '!~';

/** One matcher as Alertmanager's API v2 spells it, and as silences store it. */
export interface Matcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** False for the negated forms (`!=`, `!~`). */
  isEqual: boolean;
}

const SYNTAX = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^",\s]*))\s*$/;

const badMatcher = (text: string, why: string): AlertingError =>
  new AlertingError(AlertingErrorCode.MatcherInvalid, `invalid matcher '${text}': ${why}`, { matcher: text });

/** Parses one matcher (`team=~"pay.*"`); throws `FL_ALERTING_MATCHER_INVALID` with why. */
export function parseMatcher(text: string): Matcher {
  const m = SYNTAX.exec(text);
  if (m === null) {
    throw badMatcher(text, 'expected name="value" with one of =, !=, =~, !~ (e.g. severity="page")');
  }
  const [, name = '', op = '=', quoted, bare] = m;
  const value = quoted === undefined ? (bare ?? '') : quoted.replace(/\\(.)/g, '$1');
  const matcher = { name, value, isRegex: op.endsWith('~'), isEqual: !op.startsWith('!') };
  checkMatcher(matcher, text);
  return matcher;
}

/** Checks a matcher given as an object (API v2 style); throws `FL_ALERTING_MATCHER_INVALID`. */
export function checkMatcher(m: Matcher, text = formatMatcher(m)): Matcher {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) throw badMatcher(text, 'expected a label name');
  if (m.isRegex) {
    try {
      new RegExp(`^(?:${m.value})$`);
    } catch (err) {
      throw badMatcher(text, `not a regular expression (${(err as Error).message})`);
    }
  }
  return m;
}

/** A matcher in the text syntax, always quoted: `team=~"pay.*"`. */
export function formatMatcher(m: Matcher): string {
  const op = m.isEqual ? (m.isRegex ? '=~' : '=') : m.isRegex ? '!~' : '!=';
  return `${m.name}${op}${JSON.stringify(m.value)}`;
}

const regexes = new Map<string, RegExp>();
function anchored(source: string): RegExp {
  let re = regexes.get(source);
  if (re === undefined) {
    re = new RegExp(`^(?:${source})$`);
    if (regexes.size > 1000) regexes.clear();
    regexes.set(source, re);
  }
  return re;
}

/** Whether one matcher holds for a label set. */
export function matches(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[m.name] ?? '';
  const hit = m.isRegex ? anchored(m.value).test(value) : value === m.value;
  return hit === m.isEqual;
}

/** Whether every matcher holds (an empty list matches everything). */
export function matchesAll(list: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return list.every((m) => matches(m, labels));
}
