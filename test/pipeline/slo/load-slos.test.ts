import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSloFiles, loadSloSpecs, sloFilesIn } from '../../../pipeline/slo/load-slos.js';
import { problemsOf, yamlDocs } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-slos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(text: string, name = `${randomUUID()}.yaml`): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const native = (service: string, name: string) => ({
  slos: [{ service, name, objective: 99, period: '7d', sli: { availability: {} } }],
});

const openSlo = (service: string, name: string, indicatorRef = 'shared-latency') => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name },
  spec: {
    service,
    indicatorRef,
    timeWindow: [{ duration: '7d', isRolling: true }],
    budgetingMethod: 'Occurrences',
    objectives: [{ op: 'lte', value: 250, targetPercent: 99 }],
  },
});

const sharedSli = {
  apiVersion: 'openslo/v1',
  kind: 'SLI',
  metadata: { name: 'shared-latency' },
  spec: {
    thresholdMetric: { metricSource: { type: 'faultline', spec: { spans: { operations: ['GET /'] } } } },
  },
};

describe('loadSloFiles', () => {
  it('loads every example in examples/slos without a problem', () => {
    const examples = fileURLToPath(new URL('../../../examples/slos', import.meta.url));
    const files = sloFilesIn(examples);
    expect(files.map((f) => f.slice(examples.length + 1))).toEqual(['checkout.yaml', 'openslo-payment.yaml']);
    const loaded = loadSloSpecs(files);
    expect(loaded.slos.map((slo) => [slo.id, slo.sli.kind, slo.origin.format])).toEqual([
      ['checkout/availability', 'availability', 'native'],
      ['checkout/latency', 'latency', 'native'],
      ['checkout/payment-errors', 'metric-ratio', 'native'],
      ['checkout/request-duration', 'metric-threshold', 'native'],
      ['cart/availability', 'availability', 'native'],
      ['payment/authorize-availability', 'availability', 'openslo'],
      ['payment/request-latency', 'metric-threshold', 'openslo'],
    ]);
    expect(loaded.ignored).toEqual([{ file: files[1], document: 1, kind: 'Service', name: 'payment' }]);
  });

  it('reads native and OpenSLO documents mixed in one file, in document order', () => {
    const path = file(yamlDocs(native('a', 'one'), sharedSli, openSlo('b', 'two'), native('c', 'three')));
    expect(loadSloFiles([path]).map((slo) => [slo.id, slo.origin])).toEqual([
      ['a/one', { file: path, format: 'native' }],
      ['b/two', { file: path, format: 'openslo' }],
      ['c/three', { file: path, format: 'native' }],
    ]);
  });

  it('resolves an indicatorRef to an SLI in another file, whichever comes first', () => {
    const slos = file(yamlDocs(openSlo('web', 'latency')));
    const slis = file(yamlDocs(sharedSli));
    const expected = {
      id: 'web/latency',
      service: 'web',
      name: 'latency',
      objective: 0.99,
      periodMinutes: 10_080,
      sli: { kind: 'latency', spans: { operations: ['GET /'], attributes: {} }, thresholdMs: 250 },
      labels: {},
      origin: { file: slos, format: 'openslo' },
    };
    expect(loadSloFiles([slos, slis])).toStrictEqual([expected]);
    expect(loadSloFiles([slis, slos])).toStrictEqual([expected]);
    expect(problemsOf(() => loadSloFiles([slos]))).toEqual([
      {
        file: slos,
        slo: 'latency',
        path: 'spec.indicatorRef',
        expected:
          'expected the name of a kind: SLI document in the loaded files; there is no SLI "shared-latency"',
      },
    ]);
  });

  it('refuses an SLO id defined twice across files and formats', () => {
    const first = file(yamlDocs(native('web', 'latency')));
    const second = file(yamlDocs(sharedSli, openSlo('web', 'latency')));
    expect(problemsOf(() => loadSloFiles([first, second]))).toEqual([
      {
        file: second,
        slo: 'web/latency',
        path: 'metadata.name',
        expected: `expected a unique SLO id; web/latency is also defined in ${first}`,
      },
    ]);
  });

  it('refuses an SLI name defined in two files', () => {
    const first = file(yamlDocs(sharedSli));
    const second = file(yamlDocs(sharedSli));
    expect(problemsOf(() => loadSloFiles([first, second]))).toEqual([
      {
        file: second,
        slo: 'shared-latency',
        path: 'metadata.name',
        expected: `expected a unique SLI name; shared-latency is also defined in ${first}`,
      },
    ]);
  });

  it('reports missing files, YAML errors with their line, and the problems of other files together', () => {
    const missing = join(dir, 'missing.yaml');
    const broken = file('slos:\n  - service: a\n    service: b\n');
    const unclosed = file(yamlDocs(native('a', 'b'), { x: 1 }).replace('x: 1', 'x: [1'));
    const bad = file(yamlDocs({ slos: [{ ...native('a', 'b').slos[0], objective: 100 }] }));
    expect(problemsOf(() => loadSloFiles([missing, broken, unclosed, bad]))).toEqual([
      { file: missing, slo: '', path: '', expected: 'expected a readable file (ENOENT)' },
      {
        file: broken,
        slo: '(document 1)',
        path: '',
        expected: expect.stringMatching(/^expected valid YAML: .* at line 3, column 5$/),
      },
      {
        file: unclosed,
        slo: '(document 2)',
        path: '',
        expected: expect.stringMatching(/^expected valid YAML: .* at line \d+, column \d+$/),
      },
      {
        file: bad,
        slo: 'a/b',
        path: 'objective',
        expected: 'expected a percentage above 0 and below 100, e.g. 99.9 (100 leaves no error budget)',
      },
    ]);
  });

  it('loads nothing from no files and from empty files', () => {
    expect(loadSloFiles([])).toEqual([]);
    expect(loadSloFiles([file(''), file('# only a comment\n---\n')])).toEqual([]);
  });
});

describe('sloFilesIn', () => {
  it('lists the YAML files of a folder, sorted', () => {
    const folder = join(dir, 'listing');
    mkdirSync(folder);
    for (const name of ['b.yml', 'a.yaml', 'README.md', 'c.yaml.bak']) writeFileSync(join(folder, name), '');
    expect(sloFilesIn(folder)).toEqual([join(folder, 'a.yaml'), join(folder, 'b.yml')]);
  });
});
