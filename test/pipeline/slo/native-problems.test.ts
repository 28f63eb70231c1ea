import { describe, expect, it } from 'vitest';
import { parseSloDocuments } from '../../../pipeline/slo/load-slos.js';
import { problemsOf, yamlDocs } from './helpers.js';
import { entry, FILE, problems } from './native-fixtures.js';

describe('native SLO spec problems', () => {
  const at = (slo: string, path: string, expected: string) => ({ file: FILE, slo, path, expected });
  const id = 'checkout/availability';

  it('names a field of the wrong type', () => {
    expect(problems(entry({ objective: '99.9' }))).toEqual([
      at(id, 'objective', 'expected a number, got a string'),
    ]);
    expect(problems(entry({ sli: { availability: { operations: 'POST /checkout' } } }))).toEqual([
      at(id, 'sli.availability.operations', 'expected a list, got a string'),
    ]);
    expect(problems(entry({ labels: { team: ['a'] } }))).toEqual([
      at(id, 'labels.team', 'expected a string, number or boolean'),
    ]);
  });

  it('names a missing field', () => {
    const { period: _, ...noPeriod } = entry();
    const { sli: __, ...noSli } = entry();
    expect(problems(noPeriod)).toEqual([
      at(id, 'period', 'expected a duration like 30d: a whole number and one of m, h, d, w (missing)'),
    ]);
    expect(problems(noSli)).toEqual([at(id, 'sli', 'expected a mapping (missing)')]);
  });

  it('reports an SLO without a usable name under its document and position', () => {
    const { name: _, ...noName } = entry();
    expect(problems(entry(), noName, entry({ name: 'a/b' }))).toEqual([
      at('(document 1)', 'slos.1.name', 'expected a string (missing)'),
      at('(document 1)', 'slos.2.name', 'expected a non-empty name without spaces or /'),
    ]);
  });

  it('names unknown fields, wherever they are', () => {
    expect(
      problems(entry({ labls: {}, sli: { latency: { treshold: '300ms', threshold: '300ms' } } })),
    ).toEqual([at(id, 'sli.latency.treshold', 'unknown field'), at(id, 'labls', 'unknown field')]);
    expect(problemsOf(() => parseSloDocuments(yamlDocs({ slos: [], slo: [] }), FILE))).toEqual([
      at('(document 1)', 'slo', 'unknown field'),
    ]);
  });

  it('refuses objectives of 100 and 0: no budget, or nothing to keep', () => {
    const expected = 'expected a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)';
    expect(problems(entry({ objective: 100 }))).toEqual([at(id, 'objective', expected)]);
    expect(problems(entry({ objective: 0 }))).toEqual([at(id, 'objective', expected)]);
  });

  it('refuses bad durations and periods out of range', () => {
    const format = 'expected a duration like 30d: a whole number and one of m, h, d, w';
    const range = 'expected a period from 1m to 90d';
    expect(problems(entry({ period: '30 days' }))).toEqual([at(id, 'period', format)]);
    expect(problems(entry({ period: '1.5d' }))).toEqual([at(id, 'period', format)]);
    expect(problems(entry({ period: 30 }))).toEqual([at(id, 'period', format)]);
    expect(problems(entry({ period: '91d' }))).toEqual([at(id, 'period', range)]);
    expect(problems(entry({ period: '0m' }))).toEqual([at(id, 'period', range)]);
    expect(problems(entry({ sli: { latency: { threshold: '300' } } }))).toEqual([
      at(id, 'sli.latency.threshold', 'expected a duration like 300ms or 1.5s'),
    ]);
    expect(problems(entry({ sli: { latency: { threshold: '0ms' } } }))).toEqual([
      at(id, 'sli.latency.threshold', 'expected a duration like 300ms or 1.5s'),
    ]);
  });

  it('wants exactly one SLI kind, and exactly two parts of a ratio', () => {
    const metric = { metric: 'payments' };
    expect(problems(entry({ sli: {} }))).toEqual([
      at(id, 'sli', 'expected exactly one of availability, latency, ratio, threshold'),
    ]);
    expect(problems(entry({ sli: { availability: {}, latency: { threshold: '1s' } } }))).toEqual([
      at(
        id,
        'sli',
        'expected exactly one of availability, latency, ratio, threshold, got availability, latency',
      ),
    ]);
    expect(problems(entry({ sli: { ratio: { good: metric } } }))).toEqual([
      at(id, 'sli.ratio', 'expected exactly two of good, bad, total, got good'),
    ]);
    expect(problems(entry({ sli: { ratio: { good: metric, bad: metric, total: metric } } }))).toEqual([
      at(id, 'sli.ratio', 'expected exactly two of good, bad, total, got good, bad, total'),
    ]);
    expect(problems(entry({ sli: { threshold: { histogram: { metric: '' }, le: 0.3 } } }))).toEqual([
      at(id, 'sli.threshold.histogram.metric', 'expected a metric name'),
    ]);
  });

  it('wants http(s) URLs for runbook and dashboard', () => {
    expect(problems(entry({ runbook: 'ftp://example.com/x', dashboard: 'grafana' }))).toEqual([
      at(id, 'runbook', 'expected an http:// or https:// URL'),
      at(id, 'dashboard', 'expected an http:// or https:// URL'),
    ]);
  });

  it('names the document when it is not a native one', () => {
    expect(problemsOf(() => parseSloDocuments('apiVersion: faultline/v2\nslos: []\n', FILE))).toEqual([
      at(
        '(document 1)',
        'apiVersion',
        'expected openslo/v1 (OpenSLO) or faultline/v1 (native), got "faultline/v2"',
      ),
    ]);
    expect(problemsOf(() => parseSloDocuments('slos: {}\n---\n- 1\n', FILE))).toEqual([
      at('(document 1)', 'slos', 'expected a list, got a mapping'),
      at('(document 2)', '', 'expected a mapping, got a list'),
    ]);
  });

  it('reports the problems of every SLO in the file at once', () => {
    expect(
      problems(
        entry({ name: 'a', objective: 100 }),
        entry({ name: 'b' }),
        entry({ name: 'c', period: '1y' }),
      ),
    ).toEqual([
      at(
        'checkout/a',
        'objective',
        'expected a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)',
      ),
      at('checkout/c', 'period', 'expected a duration like 30d: a whole number and one of m, h, d, w'),
    ]);
  });

  it('refuses the same id twice', () => {
    expect(problems(entry(), entry())).toEqual([
      at(id, 'name', `expected a unique SLO id; ${id} is also defined in ${FILE}`),
    ]);
  });
});
