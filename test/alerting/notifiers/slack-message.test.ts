import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSlackMessage,
  escapeMrkdwn,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  truncate,
} from '../../../alerting/notifiers/slack-message.js';
import { sampleAlert, transitionTo } from './fixtures.js';

const block = <T extends SlackBlock['type']>(m: SlackMessage, type: T) =>
  m.blocks.find((b) => b.type === type) as Extract<SlackBlock, { type: T }> | undefined;

/** Every Block Kit limit the message must respect, as a list of broken ones. */
function brokenLimits(m: SlackMessage): string[] {
  const broken: string[] = [];
  if (m.blocks.length > SLACK_LIMITS.blocks) broken.push('blocks');
  if (m.text.length > SLACK_LIMITS.fallbackText) broken.push('text');
  for (const b of m.blocks) {
    if (b.type === 'header' && b.text.text.length > SLACK_LIMITS.headerText) broken.push('header');
    if (b.type === 'section') {
      if ((b.text?.text.length ?? 0) > SLACK_LIMITS.sectionText) broken.push('section.text');
      if ((b.fields?.length ?? 0) > SLACK_LIMITS.sectionFields) broken.push('section.fields');
      if (b.fields?.some((f) => f.text.length > SLACK_LIMITS.fieldText)) broken.push('field');
    }
    if (b.type === 'context' && b.elements.length > SLACK_LIMITS.contextElements) broken.push('context');
    if (b.type === 'actions') {
      for (const e of b.elements) {
        if (e.text.text.length > SLACK_LIMITS.buttonText) broken.push('button.text');
        if ((e.url?.length ?? 0) > SLACK_LIMITS.buttonUrl) broken.push('button.url');
      }
    }
  }
  return broken;
}

describe('buildSlackMessage', () => {
  it('firing: header with status, service and SLO; fields; fingerprint; runbook and dashboard buttons', () => {
    const alert = sampleAlert();
    const m = buildSlackMessage(transitionTo(alert, 'firing'), '#oncall');
    expect(m.channel).toBe('#oncall');
    expect(block(m, 'header')?.text.text).toBe(':rotating_light: FIRING (page): checkout · availability');
    const section = block(m, 'section');
    expect(section?.text?.text).toContain('burning its 30d error budget too fast');
    const fields = section?.fields?.map((f) => f.text) ?? [];
    expect(fields).toEqual([
      '*Burn rate*\n1h: 15.2× · 5m: 16.1× (threshold 14.4×)',
      '*Windows*\n1h / 5m',
      '*Budget left*\n62.3%',
      '*Time to exhaustion*\n1d 4h',
      '*Severity*\npage',
      '*Firing since*\n2025-03-01 10:00:00 UTC',
    ]);
    expect(block(m, 'context')?.elements[0]?.text).toContain(`\`${alert.fingerprint}\``);
    expect(block(m, 'actions')?.elements.map((e) => [e.text.text, e.url])).toEqual([
      ['Runbook', 'https://runbooks.example.com/checkout/availability'],
      ['Dashboard', 'https://grafana.example.com/d/checkout'],
    ]);
    expect(m.text).toMatch(/^FIRING \(page\): checkout\/availability: /);
  });

  it('resolved: check-mark header, resolve time, no channel when none is configured', () => {
    const t = transitionTo(sampleAlert(), 'resolved', '2025-03-01T11:30:00.000Z');
    const m = buildSlackMessage(t);
    expect(m.channel).toBeUndefined();
    expect(block(m, 'header')?.text.text).toBe(':white_check_mark: RESOLVED: checkout · availability');
    expect(block(m, 'section')?.fields?.at(-1)?.text).toBe('*Resolved at*\n2025-03-01 11:30:00 UTC');
  });

  it('leaves the actions block out without runbook or dashboard URLs, and skips non-http ones', () => {
    const alert = sampleAlert({ annotations: { summary: 's', runbook_url: 'javascript:alert(1)' } });
    const m = buildSlackMessage(transitionTo(alert, 'firing'));
    expect(block(m, 'actions')).toBeUndefined();
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
  });

  it('escapes &, < and > in mrkdwn so alert text cannot inject links or mentions', () => {
    const alert = sampleAlert({ annotations: { summary: '<!channel> p99 > 2s & rising' } });
    const text = block(buildSlackMessage(transitionTo(alert, 'firing')), 'section')?.text?.text;
    expect(text).toBe('&lt;!channel&gt; p99 &gt; 2s &amp; rising');
  });

  it('stays within every Block Kit limit whatever the alert holds', () => {
    const text = fc.string({ unit: 'binary', maxLength: 5000 });
    fc.assert(
      fc.property(
        text,
        text,
        text,
        text,
        fc.webUrl({ size: 'large' }),
        (service, slo, summary, description, url) => {
          const alert = sampleAlert({
            service,
            sloId: `${service}/${slo}`,
            annotations: {
              summary,
              description,
              runbook_url: url,
              dashboard_url: `${url}${'x'.repeat(3000)}`,
            },
          });
          expect(brokenLimits(buildSlackMessage(transitionTo(alert, 'firing')))).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('truncate', () => {
  it('cuts to the limit with an ellipsis and never splits a surrogate pair or an escape', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('ab😀😀', 4)).toBe('ab…');
    expect(truncate(escapeMrkdwn('ab&cd'), 5)).toBe('ab…');
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 2, max: 40 }),
        (s, max) => {
          const cut = truncate(s, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          // A cut never leaves half of a pair behind: the end is a whole code point or the ellipsis.
          expect(/[\ud800-\udbff]…$/.test(cut)).toBe(false);
        },
      ),
    );
  });
});
