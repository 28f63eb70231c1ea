import { describe, expect, it } from 'vitest';
import { formatMatcher, matchesAll, parseMatcher } from '../../alerting/matchers.js';
import { hasCode } from '../../core/faultline-error.js';

const labels = { alertname: 'SLOBurnRatePage', severity: 'page', service: 'checkout', team: 'payments' };
const holds = (...texts: string[]) => matchesAll(texts.map(parseMatcher), labels);

describe('label matchers in Alertmanager syntax', () => {
  it('match equal, not equal, regex and negated regex', () => {
    expect(holds('severity="page"')).toBe(true);
    expect(holds('severity!="page"')).toBe(false);
    expect(holds('team=~"pay.*"', 'service!~"cart|catalogue"')).toBe(true);
    expect(holds('team=~"pay"')).toBe(false); // anchored: the whole value must match
    expect(holds('severity=page', 'service = "checkout"')).toBe(true);
  });

  it('treat a missing label as empty', () => {
    expect(holds('region=""')).toBe(true);
    expect(holds('region!="eu"')).toBe(true);
    expect(holds('region=~".+"')).toBe(false);
  });

  it('read escaped quotes and write a form that parses back', () => {
    const m = parseMatcher('comment="say \\"hi\\""');
    expect(m.value).toBe('say "hi"');
    expect(parseMatcher(formatMatcher(m))).toEqual(m);
  });

  it('refuse what does not parse with FL_ALERTING_MATCHER_INVALID', () => {
    for (const bad of ['severity', '=page', 'sev-erity="x"', 'team=~"("', 'a=="b"']) {
      let caught: unknown;
      try {
        parseMatcher(bad);
      } catch (err) {
        caught = err;
      }
      expect(hasCode(caught, 'FL_ALERTING_MATCHER_INVALID'), bad).toBe(true);
    }
  });
});
